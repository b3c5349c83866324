import {
  Alert,
  Button,
  Card,
  Center,
  Group,
  Loader,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useParams } from 'react-router';
import { api, call } from '../api/client';
import { ApiProblem, OfflineError } from '../api/problems';
import { normalizePrescriptionCode } from '../app/prescription-code';
import { ProblemAlert } from '../app/problem-alert';
import { clinicQuery } from '../session/queries';
import { useClinicTime } from '../time/use-clinic-time';

const verify = (code: string) =>
  call(api.GET('/api/v1/prescriptions/verify/{code}', { params: { path: { code } } }));

type Check = Awaited<ReturnType<typeof verify>>;

/** The darker shades of status-badge.tsx: WCAG's 4.5:1 on white for the headings. */
const tones = {
  valid: { color: '#1d6b34', border: 'var(--mantine-color-green-7)', mark: '✓' },
  revoked: { color: 'var(--mantine-color-red-9)', border: 'var(--mantine-color-red-8)', mark: '✕' },
} as const;

/**
 * Where a prescription's QR code leads (`/prescriptions/verify/<code>`): a pharmacist, signed
 * out, reads whether the paper is valid or revoked and what the API says of it, which is only
 * what the paper shows. Without a code, or with one scanned badly, a form takes it typed.
 */
export function PrescriptionCheckPage() {
  const { t } = useTranslation();
  const { code } = useParams();
  // Its times are the clinic's, in its zone: known before anything is shown.
  const clinic = useQuery(clinicQuery);
  if (clinic.error)
    return <ProblemAlert error={clinic.error} onRetry={() => void clinic.refetch()} />;
  if (!clinic.data)
    return (
      <Center py="xl">
        <Loader aria-label={t('app.loading')} />
      </Center>
    );
  const normalized = code === undefined ? undefined : normalizePrescriptionCode(code);
  // A code typed into the address bar in lower case, or without its dashes: shown as printed.
  if (normalized && normalized !== code)
    return <Navigate to={`/prescriptions/verify/${normalized}`} replace />;
  return (
    <Stack maw={640} mx="auto" gap="lg">
      <div>
        <Title order={1} size="h2">
          {t('prescriptionCheck.title')}
        </Title>
        <Text c="dimmed" mt={4}>
          {t('prescriptionCheck.intro', { clinic: clinic.data.name })}
        </Text>
      </div>
      {/* Read out when it changes: the answer to a code typed below appears here. */}
      <div aria-live="polite">
        {code === undefined ? null : normalized ? (
          <CheckAnswer code={normalized} clinic={clinic.data} />
        ) : (
          <Notice title={t('prescriptionCheck.notACode')}>
            {t('prescriptionCheck.codeInvalid')}
          </Notice>
        )}
      </div>
      <CodeForm key={code ?? ''} heading={code ? 'another' : 'first'} />
    </Stack>
  );
}

function CheckAnswer({
  code,
  clinic,
}: {
  code: string;
  clinic: { name: string; phone: string | null };
}) {
  const { t } = useTranslation();
  const answer = useQuery({
    queryKey: ['prescription-check', code],
    queryFn: () => verify(code),
    // Asked again whenever the page is: a prescription revoked a minute ago must show so.
    staleTime: 0,
    gcTime: 0,
    // The API's "no" (unknown code, too many checks) is its answer. A dropped connection is
    // tried again every few seconds while the page is open: the answer comes once it is back.
    retry: (_failures, error) => error instanceof OfflineError,
    retryDelay: (failures) => Math.min(1000 * 2 ** failures, 5000),
  });
  // Said while it keeps trying, rather than after: the pharmacist knows at once.
  if (answer.isPending && answer.failureReason instanceof OfflineError)
    return (
      <Notice title={t('prescriptionCheck.offline')}>{t('prescriptionCheck.offlineBody')}</Notice>
    );
  if (answer.isPending)
    return (
      <Group gap="sm">
        <Loader size="sm" aria-hidden />
        <Text>{t('prescriptionCheck.checking')}</Text>
      </Group>
    );
  if (answer.error) {
    const status = answer.error instanceof ApiProblem ? answer.error.problem.status : undefined;
    if (status === 404)
      return (
        <Notice title={t('prescriptionCheck.unknown')}>
          <Stack gap="xs">
            <Text size="sm">
              {t('prescriptionCheck.checkedCode')}{' '}
              <Text span ff="monospace" fw={600} style={{ whiteSpace: 'nowrap' }}>
                {code}
              </Text>
            </Text>
            <Text size="sm">
              {clinic.phone
                ? t('prescriptionCheck.unknownCall', { phone: clinic.phone })
                : t('prescriptionCheck.unknownAsk')}
            </Text>
          </Stack>
        </Notice>
      );
    if (status === 429)
      return (
        <Notice title={t('prescriptionCheck.tooMany')}>
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{t('prescriptionCheck.tooManyBody')}</Text>
            <Button size="xs" variant="default" onClick={() => void answer.refetch()}>
              {t('app.retry')}
            </Button>
          </Stack>
        </Notice>
      );
    return <ProblemAlert error={answer.error} onRetry={() => void answer.refetch()} />;
  }
  return <CheckCard check={answer.data} code={code} clinic={clinic.name} />;
}

/** Valid or revoked, in words, a color and a mark, then what the paper must also show. */
function CheckCard({ check, code, clinic }: { check: Check; code: string; clinic: string }) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const at = (iso: string) =>
    t('prescriptionCheck.at', { date: time.date(iso), time: time.time(iso) });
  const tone = tones[check.status];
  const revoked = check.status === 'revoked' && check.revokedAt;
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      style={{ borderColor: tone.border, borderWidth: 2, borderLeftWidth: 8 }}
    >
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={2} size="h3" c={tone.color}>
            <span aria-hidden>{tone.mark} </span>
            {check.status === 'valid'
              ? t('prescriptionCheck.valid')
              : t('prescriptionCheck.revoked')}
          </Title>
          <Text>
            {revoked
              ? t('prescriptionCheck.revokedBody', { when: at(revoked) })
              : t('prescriptionCheck.validBody', { clinic })}
          </Text>
        </Stack>
        <Table variant="vertical" layout="fixed" verticalSpacing={6}>
          <Table.Tbody>
            <Row label={t('prescriptionCheck.issued')}>{at(check.issuedAt)}</Row>
            <Row label={t('prescriptionCheck.professional')}>{check.professional.name}</Row>
            <Row label={t('prescriptionCheck.council')}>{check.professional.councilNumber}</Row>
            <Row label={t('prescriptionCheck.specialty')}>{check.professional.specialty}</Row>
            <Row label={t('prescriptionCheck.patient')}>
              {t('prescriptionCheck.initials', { initials: check.patientInitials })}
            </Row>
            <Row label={t('prescriptionCheck.itemsLabel')}>
              {t('prescriptionCheck.items', { count: check.itemCount })}
            </Row>
            <Row label={t('prescriptionCheck.code')}>
              {/* Whole on one line, as printed: a phone's column holds it in this size. */}
              <Text span ff="monospace" fw={600} size="sm" style={{ whiteSpace: 'nowrap' }}>
                {code}
              </Text>
            </Row>
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  );
}

/** A "no" from the API, in yellow: Mantine's yellow title on its tint is under 4.5:1. */
function Notice({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Alert color="yellow" title={title} styles={{ title: { color: 'var(--mantine-color-text)' } }}>
      {children}
    </Alert>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th scope="row" w="40%" fw={400} c="dimmed" style={{ verticalAlign: 'top' }}>
        {label}
      </Table.Th>
      <Table.Td fw={600} style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Table.Td>
    </Table.Tr>
  );
}

/** The code typed off the paper, in the API's own leniency (prescription-code.ts). */
function CodeForm({ heading }: { heading: 'first' | 'another' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="type-code">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const normalized = normalizePrescriptionCode(value);
          if (!normalized) {
            setError(t('prescriptionCheck.codeInvalid'));
            return;
          }
          void navigate(`/prescriptions/verify/${normalized}`);
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="type-code">
            {heading === 'first' ? t('prescriptionCheck.typeCode') : t('prescriptionCheck.another')}
          </Title>
          <TextInput
            label={t('prescriptionCheck.codeLabel')}
            description={t('prescriptionCheck.codeHint')}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            required
            value={value}
            error={error}
            onChange={(event) => {
              setValue(event.currentTarget.value);
              setError(null);
            }}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          <Group>
            <Button type="submit">{t('prescriptionCheck.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
