import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, call } from '../api/client';
import type { paths } from '../api/schema';

export type LabReportItem =
  paths['/api/v1/lab-reports']['get']['responses'][200]['content']['application/json']['items'][number];

export const LAB_REPORTS_PAGE_SIZE = 20;

/**
 * The clinic's lab reports in one state, a page of them. Under `lab-reports` with a patient's
 * own list (desk-queries.ts), so a change invalidates both.
 */
export const labReportsByStatusQuery = (status: 'pending' | 'ready', page: number) =>
  queryOptions({
    queryKey: ['lab-reports', 'clinic', status, page],
    queryFn: () =>
      call(
        api.GET('/api/v1/lab-reports', {
          params: { query: { status, page, pageSize: LAB_REPORTS_PAGE_SIZE } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
