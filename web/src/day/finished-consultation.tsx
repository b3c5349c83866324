import { Anchor, Button, Card, List, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ProblemAlert } from '../app/problem-alert';
import { useClinicTime } from '../time/use-clinic-time';
import { consultationQuery, type Appointment } from './day-queries';

/** After "Finish": what was recorded, and the way back to the day. */
export function FinishedConsultation({ appointment }: { appointment: Appointment }) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const consultation = useQuery(consultationQuery(appointment.id));
  const data = consultation.data;
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="finished">
      <Stack gap="md" align="flex-start">
        <Title order={2} size="h3" id="finished">
          {t('day.finished.title')}
        </Title>
        {appointment.finishedAt && (
          <Text c="dimmed">
            {t('day.finished.at', { time: time.time(appointment.finishedAt) })}
          </Text>
        )}
        {consultation.error ? (
          <ProblemAlert error={consultation.error} onRetry={() => void consultation.refetch()} />
        ) : !data ? (
          <Loader aria-label={t('app.loading')} />
        ) : (
          <Stack gap="xs">
            <Text fw={600}>{t('day.consultation.notes')}</Text>
            <Text style={{ whiteSpace: 'pre-wrap' }}>
              {data.notes ?? t('day.finished.noNotes')}
            </Text>
            {data.diagnoses.length > 0 && (
              <>
                <Text fw={600}>{t('day.consultation.diagnoses')}</Text>
                <List size="sm">
                  {data.diagnoses.map((d, index) => (
                    <List.Item key={index}>
                      {d.code ? `${d.code} – ${d.description}` : d.description}
                    </List.Item>
                  ))}
                </List>
              </>
            )}
            {data.followUp && (
              <>
                <Text fw={600}>{t('day.consultation.followUp')}</Text>
                <Text>{data.followUp}</Text>
              </>
            )}
            {data.prescriptions.length > 0 && (
              <>
                <Text fw={600}>{t('day.prescription.title')}</Text>
                <List size="sm">
                  {data.prescriptions.map((p) => (
                    <List.Item key={p.id}>
                      <Anchor href={`/api/v1/prescriptions/${p.id}/pdf`} target="_blank">
                        {p.items.map((item) => item.drug).join(', ')}
                      </Anchor>
                    </List.Item>
                  ))}
                </List>
              </>
            )}
            {data.labReports.length > 0 && (
              <>
                <Text fw={600}>{t('day.labOrders.title')}</Text>
                <List size="sm">
                  {data.labReports.map((r) => (
                    <List.Item key={r.id}>
                      {r.exam} · {r.lab}
                    </List.Item>
                  ))}
                </List>
              </>
            )}
          </Stack>
        )}
        <Button component={Link} to="/day">
          {t('day.finished.back')}
        </Button>
      </Stack>
    </Card>
  );
}
