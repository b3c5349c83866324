import type { Ok } from '../../api/types';

/** The day's board as the API sends it (GET /api/v1/board and each `board` event). */
export type Board = Ok<'/api/v1/board', 'get'>;
export type BoardProfessional = Board['professionals'][number];
export type BoardAppointment = BoardProfessional['appointments'][number];
export type WaitingEntry = BoardProfessional['waiting'][number];
