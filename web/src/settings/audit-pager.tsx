import { Group, Pagination, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * The pager of the clinic's logs (messages, audit, lab reports): the pages as the API pages
 * them, and how many entries there are in all. Nothing when there is a single page.
 */
export function LogPager({
  page,
  pageSize,
  total,
  onChange,
}: {
  page: number;
  pageSize: number;
  total: number;
  onChange: (page: number) => void;
}) {
  const { t } = useTranslation();
  const pages = Math.ceil(total / pageSize);
  return (
    <Group justify="space-between" wrap="wrap" gap="sm">
      <Text size="sm" c="dimmed" role="status">
        {t('logs.total', { count: total })}
      </Text>
      {pages > 1 && (
        <nav aria-label={t('logs.pages')}>
          <Pagination
            value={page}
            total={pages}
            onChange={onChange}
            withEdges
            getControlProps={(control) => ({ 'aria-label': t(`logs.${control}`) })}
            getItemProps={(item) => ({
              'aria-label': t('logs.page', { page: item }),
              'aria-current': item === page ? 'page' : undefined,
            })}
          />
        </nav>
      )}
    </Group>
  );
}
