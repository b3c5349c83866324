import {
  Button,
  Card,
  CopyButton,
  Group,
  Image,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { ProblemAlert } from '../app/problem-alert';

/** Calendar apps subscribe with webcal:, which phones hand to their calendar app. */
const webcal = (url: string) => url.replace(/^https?:/, 'webcal:');

/**
 * The professional's own calendar feed: a secret URL (creating one replaces the previous one),
 * to copy or to scan from a phone.
 */
export function CalendarFeed({ councilNumber }: { councilNumber: string }) {
  const { t } = useTranslation();
  const create = useMutation({
    mutationFn: async () => {
      const feed = await call(
        api.POST('/api/v1/professionals/{councilNumber}/calendar-feed', {
          params: { path: { councilNumber } },
        }),
      );
      // The API may answer a path (no PUBLIC_URL set): a calendar app needs the whole address.
      const url = new URL(feed.url, window.location.origin).href;
      const svg = await QRCode.toString(webcal(url), { type: 'svg', margin: 2 });
      return { url, qr: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` };
    },
  });
  const feed = create.data;
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="feed-title">
      <Stack gap="md">
        <Title order={2} size="h3" id="feed-title">
          {t('day.feed.title')}
        </Title>
        <Text size="sm">{t('day.feed.intro')}</Text>
        {feed ? (
          <Group align="flex-start" gap="lg" wrap="wrap">
            <Image src={feed.qr} alt={t('day.feed.qrAlt')} w={180} h={180} />
            <Stack gap="sm" style={{ flex: '1 1 18rem' }} miw={0}>
              <FeedUrl label={t('day.feed.webcal')} url={webcal(feed.url)} />
              <FeedUrl label={t('day.feed.https')} url={feed.url} />
              <Text size="sm" c="dimmed">
                {t('day.feed.howTo')}
              </Text>
              <Text size="sm" c="dimmed">
                {t('day.feed.secret')}
              </Text>
            </Stack>
          </Group>
        ) : null}
        {create.error && <ProblemAlert error={create.error} />}
        <Group>
          <Button
            variant={feed ? 'default' : 'filled'}
            onClick={() => create.mutate()}
            loading={create.isPending}
          >
            {feed ? t('day.feed.replace') : t('day.feed.create')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function FeedUrl({ label, url }: { label: string; url: string }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <TextInput label={label} value={url} readOnly style={{ flex: 1 }} miw={0} />
      <CopyButton value={url}>
        {({ copied, copy }) => (
          <Button variant="light" onClick={copy} aria-label={t('day.feed.copyLabel', { label })}>
            {copied ? t('day.feed.copied') : t('day.feed.copy')}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}
