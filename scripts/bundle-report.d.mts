export const areas: Record<string, { module: string | null; budget: number }>;
export function bundleReport(
  web?: string,
): { area: string; chunks: number; bytes: number; budget: number }[];
