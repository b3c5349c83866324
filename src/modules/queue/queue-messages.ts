/**
 * The queue's sentence for the waiting room and the front desk, in English and Brazilian
 * Portuguese, with the singular and plural forms each language needs (the seed wrote "1 patients"
 * and "0 minutes" for every wait).
 */
export interface QueueMessageInput {
  /** Patients checked in and not yet called. */
  waiting: number;
  /** What a new arrival would wait, in whole minutes. */
  waitMinutes: number;
  professionalName: string;
  professionalGender: 'female' | 'male' | 'other' | null;
}

export function queueMessages(input: QueueMessageInput): { message: string; messagePt: string } {
  return { message: englishMessage(input), messagePt: portugueseMessage(input) };
}

function englishMessage({ waiting, waitMinutes, professionalName }: QueueMessageInput): string {
  const doctor = `Dr. ${withoutTitle(professionalName)}`;
  if (waiting === 0) {
    return `There are no patients waiting for their appointments with ${doctor} today.`;
  }
  const who =
    waiting === 1
      ? `There is 1 patient waiting for their appointment with ${doctor} today.`
      : `There are ${waiting} patients waiting for their appointments with ${doctor} today.`;
  return `${who} The average waiting time is ca ${englishDuration(waitMinutes)}`;
}

function portugueseMessage({
  waiting,
  waitMinutes,
  professionalName,
  professionalGender,
}: QueueMessageInput): string {
  // "o Dr." / "a Dra.": Portuguese titles agree with the professional's gender.
  const doctor = `${professionalGender === 'female' ? 'a Dra.' : 'o Dr.'} ${withoutTitle(professionalName)}`;
  if (waiting === 0) return `Não há pacientes aguardando atendimento com ${doctor} hoje.`;
  const who =
    waiting === 1
      ? `Há 1 paciente aguardando atendimento com ${doctor} hoje.`
      : `Há ${waiting} pacientes aguardando atendimento com ${doctor} hoje.`;
  return `${who} O tempo médio de espera é de cerca de ${portugueseDuration(waitMinutes)}`;
}

/** `1 hour and 30 minutes`, `2 hours`, `1 minute`, `0 minutes`. */
export function englishDuration(totalMinutes: number): string {
  return duration(totalMinutes, ['hour', 'hours'], ['minute', 'minutes'], 'and');
}

/** `1 hora e 30 minutos`, `2 horas`, `1 minuto`, `0 minutos`. */
export function portugueseDuration(totalMinutes: number): string {
  return duration(totalMinutes, ['hora', 'horas'], ['minuto', 'minutos'], 'e');
}

function duration(
  totalMinutes: number,
  hourWords: [string, string],
  minuteWords: [string, string],
  and: string,
): string {
  const whole = Math.max(0, Math.round(totalMinutes));
  const hours = Math.floor(whole / 60);
  const minutes = whole % 60;
  const count = (n: number, [one, many]: [string, string]) => `${n} ${n === 1 ? one : many}`;
  if (hours === 0) return count(minutes, minuteWords);
  if (minutes === 0) return count(hours, hourWords);
  return `${count(hours, hourWords)} ${and} ${count(minutes, minuteWords)}`;
}

/** "Dr. Ana Lima" and "Dra. Ana Lima" are registered as names too: no "Dr. Dra. Ana Lima". */
function withoutTitle(name: string): string {
  return name.replace(/^\s*(dr|dra)\.?\s+/i, '').trim();
}
