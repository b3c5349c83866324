import { Badge } from '@mantine/core';
import type { ReactNode } from 'react';

// Mantine's green 9 is still 4.2:1 on the badge's tint: a darker green of the same hue.
const shades = { blue: 'blue.9', green: '#1d6b34', gray: 'gray.8', red: 'red.9' } as const;

/**
 * A status as a light badge in a dark shade of its color: Mantine's default light badge (shade
 * 6 text on a pale tint) falls under WCAG's 4.5:1.
 */
export function StatusBadge({
  color,
  children,
}: {
  color: keyof typeof shades;
  children: ReactNode;
}) {
  return (
    <Badge variant="light" color={color} c={shades[color]}>
      {children}
    </Badge>
  );
}
