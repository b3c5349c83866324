/**
 * Brazilian Portuguese for every problem detail, field message and status title the API writes,
 * keyed by the English text. test/http/problem-language.test.ts reads the sources and fails
 * for any English text missing here.
 */
export const problemTextsPtBR: Record<string, string> = {
  // Status titles
  'Bad Request': 'Requisição inválida',
  Unauthorized: 'Não autenticado',
  Forbidden: 'Proibido',
  'Not Found': 'Não encontrado',
  'Method Not Allowed': 'Método não permitido',
  'Not Acceptable': 'Formato não aceito',
  Conflict: 'Conflito',
  'Payload Too Large': 'Conteúdo grande demais',
  'URI Too Long': 'Endereço longo demais',
  'Unsupported Media Type': 'Tipo de conteúdo não aceito',
  'Unprocessable Entity': 'Regra não atendida',
  'Too Many Requests': 'Tentativas demais',
  'Internal Server Error': 'Erro interno',
  'Service Unavailable': 'Serviço indisponível',
  Error: 'Erro',

  // Shared answers (src/http)
  'Too many requests from here. Try again in a moment.':
    'Requisições demais daqui. Tente novamente em instantes.',
  'The request has invalid fields.': 'A requisição tem campos inválidos.',
  'Sign in to continue.': 'Entre na sua conta para continuar.',
  'You are not allowed to do this.': 'Você não tem permissão para fazer isto.',
  'There is nothing here.': 'Não há nada aqui.',
  'The web app is not built yet: run npm run build.':
    'O aplicativo web ainda não foi gerado: rode npm run build.',
  'There is no such route. Check the method and the path.':
    'Esta rota não existe. Confira o método e o caminho.',
  'Something went wrong on our side. Try again later.':
    'Algo deu errado do nosso lado. Tente novamente mais tarde.',
  'The request body is not valid JSON.': 'O corpo da requisição não é um JSON válido.',
  'The request body is empty but its content type says JSON.':
    'O corpo da requisição está vazio, mas o tipo de conteúdo diz JSON.',
  'The request body is larger than this server accepts.':
    'O corpo da requisição é maior do que este servidor aceita.',
  'This content type is not accepted here (see the API documentation for this route).':
    'Este tipo de conteúdo não é aceito aqui (veja a documentação da API desta rota).',
  'The Content-Length header does not match the body.':
    'O cabeçalho Content-Length não corresponde ao corpo.',
  'The request could not be read.': 'Não foi possível ler a requisição.',
  'A part of the path is longer than any valid one.':
    'Uma parte do caminho é mais longa do que qualquer valor válido.',
  'The path is not a valid URL (broken % encoding).':
    'O caminho não é uma URL válida (codificação % quebrada).',
  'Your session has expired or was signed out. Sign in again.':
    'Sua sessão expirou ou foi encerrada. Entre novamente.',
  'The metrics need the METRICS_TOKEN bearer token.':
    'As métricas exigem o token bearer METRICS_TOKEN.',

  // Accounts and one-time codes
  'The e-mail or password is not correct.': 'O e-mail ou a senha não estão corretos.',
  'Too many failed sign-in attempts. Try again later.':
    'Tentativas de entrada malsucedidas demais. Tente novamente mais tarde.',
  'Too many wrong passwords. Try again later.':
    'Senhas erradas demais. Tente novamente mais tarde.',
  'An account with this e-mail already exists.': 'Já existe uma conta com este e-mail.',
  'Too many password reset attempts from here. Try again later.':
    'Tentativas demais de redefinir a senha a partir daqui. Tente novamente mais tarde.',
  'The code is wrong or has expired. Ask for a new one.':
    'O código está errado ou expirou. Peça um novo.',
  'Add a phone number to your account first.': 'Adicione primeiro um telefone à sua conta.',
  'Your e-mail is already verified.': 'Seu e-mail já está verificado.',
  'Your phone is already verified.': 'Seu telefone já está verificado.',
  'Too many codes were sent there. Try again later.':
    'Códigos demais foram enviados para lá. Tente novamente mais tarde.',
  'Your e-mail changed since the code was sent. Ask for a new code.':
    'Seu e-mail mudou depois que o código foi enviado. Peça um novo código.',
  'Your phone changed since the code was sent. Ask for a new code.':
    'Seu telefone mudou depois que o código foi enviado. Peça um novo código.',

  'E-mail codes cannot be sent: this clinic has no e-mail provider configured. Ask the clinic.':
    'Não é possível enviar códigos por e-mail: esta clínica não tem um provedor de e-mail ' +
    'configurado. Fale com a clínica.',
  'Phone codes cannot be sent by SMS: this clinic has no SMS provider configured. Turn on WhatsApp messages in your notification settings, or ask the clinic.':
    'Não é possível enviar códigos por SMS: esta clínica não tem um provedor de SMS ' +
    'configurado. Ative as mensagens por WhatsApp nas suas preferências de notificação, ou ' +
    'fale com a clínica.',
  'Phone codes cannot be sent: this clinic has no SMS or WhatsApp provider configured. Ask the clinic.':
    'Não é possível enviar códigos para o telefone: esta clínica não tem um provedor de SMS ' +
    'nem de WhatsApp configurado. Fale com a clínica.',

  // People
  'There is no patient with this register number.': 'Não há paciente com este número de registro.',
  'This patient’s account is already active.': 'A conta deste paciente já está ativa.',
  'A patient with this CPF is already registered.': 'Já há um paciente cadastrado com este CPF.',
  'This CEP is not in any Brazilian state’s range.':
    'Este CEP não pertence à faixa de nenhum estado brasileiro.',
  'Send the photo as multipart/form-data, in a field named photo.':
    'Envie a foto como multipart/form-data, num campo chamado photo.',
  'The photo upload is not a valid multipart/form-data body.':
    'O envio da foto não é um corpo multipart/form-data válido.',
  'The file upload is not a valid multipart/form-data body.':
    'O envio do arquivo não é um corpo multipart/form-data válido.',
  'There is no photo.': 'Não há foto.',
  'This is the last active admin; register another admin first.':
    'Este é o último administrador ativo; cadastre outro administrador primeiro.',
  'There is no admin with this id.': 'Não há administrador com este id.',
  'There is no professional with this council number.':
    'Não há profissional com este número de conselho.',
  'This professional is already active.': 'Este profissional já está ativo.',
  'The professional has appointments ahead; cancel or move them first.':
    'O profissional tem consultas marcadas adiante; cancele-as ou remarque-as primeiro.',

  // Scheduling
  'Only the clinic staff may force a booking.':
    'Só a equipe da clínica pode forçar um agendamento.',
  'Only a scheduled appointment can be moved.': 'Só uma consulta agendada pode ser remarcada.',
  'A closed appointment cannot be changed.': 'Uma consulta encerrada não pode ser alterada.',
  'The appointment has already started; please contact the clinic to cancel it.':
    'A consulta já começou; fale com a clínica para cancelá-la.',
  'Patients can move an appointment only to another time with the same professional; book a new appointment to see another one.':
    'Pacientes só podem remarcar uma consulta para outro horário com o mesmo profissional; ' +
    'marque uma nova consulta para ser atendido por outro.',
  'The appointment has already begun (its time has come, or you have checked in); please contact the clinic to change it.':
    'A consulta já começou (chegou a hora dela, ou você já fez o check-in); fale com a clínica ' +
    'para alterá-la.',
  'The appointment changed meanwhile; please try again.':
    'A consulta foi alterada nesse meio-tempo; tente novamente.',
  'An appointment that took place is part of the patient’s record and cannot be deleted.':
    'Uma consulta que aconteceu faz parte do prontuário do paciente e não pode ser excluída.',
  'There is no such appointment.': 'Esta consulta não existe.',
  'Only patients and the clinic staff may book.':
    'Só pacientes e a equipe da clínica podem agendar.',
  'Patients can book only for themselves.': 'Pacientes só podem agendar para si mesmos.',
  'This patient’s account is deactivated.': 'A conta deste paciente está desativada.',
  'This professional no longer takes appointments.': 'Este profissional não atende mais.',
  'That time has already passed.': 'Esse horário já passou.',
  'This professional has no working hours yet, so nothing can be booked with them. An admin sets their working hours first.':
    'Este profissional ainda não tem horários de atendimento, então nada pode ser agendado com ' +
    'ele. Um administrador define os horários primeiro.',
  'That time is not one of the professional’s slots (outside working hours, off the slot grid, or during time off).':
    'Esse horário não é um dos horários do profissional (fora do expediente, fora da grade ' +
    'de horários ou durante uma ausência).',
  'That time is already taken; please choose another slot.':
    'Esse horário já está ocupado; escolha outro.',
  'The patient already has an appointment at that time.':
    'O paciente já tem uma consulta nesse horário.',
  'There is no calendar feed here.': 'Não há agenda para assinar aqui.',
  'The working hours are not usable.': 'Os horários de atendimento não podem ser usados.',
  'There is no such time off.': 'Esta ausência não existe.',

  // The day at the front desk
  'Nobody is waiting for this professional.': 'Ninguém está aguardando este profissional.',
  'Only the professional who attended writes consultation notes.':
    'Só o profissional que atendeu escreve as anotações da consulta.',
  'The appointment has not started yet; the patient may still come.':
    'A consulta ainda não começou; o paciente ainda pode chegar.',
  'The professional is with another patient; finish that consultation first.':
    'O profissional está com outro paciente; encerre aquela consulta primeiro.',
  'There is no such display token.': 'Este token de painel não existe.',
  'A valid display token is required.': 'É preciso um token de painel válido.',

  // Field messages
  'is required': 'é obrigatório',
  'is not an accepted field': 'não é um campo aceito',
  'must not contain the NUL character (\\u0000)': 'não pode conter o caractere NUL (\\u0000)',
  'is not a valid phone number': 'não é um telefone válido',
  'is only needed to change the password': 'só é necessário para trocar a senha',
  'is required to change the password': 'é obrigatório para trocar a senha',
  'is not your current password': 'não é a sua senha atual',
  'is already registered': 'já está cadastrado',
  'is required to sign up': 'é obrigatório para se cadastrar',
  'is not a valid CPF': 'não é um CPF válido',
  'is not a known CEP': 'não é um CEP conhecido',
  'must be a real date between 1900-01-01 and today':
    'deve ser uma data real entre 1900-01-01 e hoje',
  'must not be empty': 'não pode estar vazio',
  'must be after startsAt': 'deve ser depois de startsAt',
  'must not be before from': 'não pode ser antes de from',
  'must be 0 (Sunday) to 6 (Saturday)': 'deve ser de 0 (domingo) a 6 (sábado)',
  'must be a time from 00:00 to 23:59': 'deve ser um horário de 00:00 a 23:59',
  'must be a time from 00:01 to 24:00': 'deve ser um horário de 00:01 a 24:00',
  'must be after start': 'deve ser depois do início',
  'must be a JPEG, PNG or WebP image': 'deve ser uma imagem JPEG, PNG ou WebP',
  'must be at most 5 MB': 'deve ter no máximo 5 MB',
  // Schema validation (Ajv's own words)
  'must be string': 'deve ser um texto',
  'must be integer': 'deve ser um número inteiro',
  'must be number': 'deve ser um número',
  'must be boolean': 'deve ser true ou false',
  'must be object': 'deve ser um objeto',
  'must be array': 'deve ser uma lista',
  'must be null': 'deve ser null',
  'must match a schema in anyOf': 'não tem um valor aceito',
  'must match exactly one schema in oneOf': 'não tem um valor aceito',
  'must be equal to one of the allowed values': 'deve ser um dos valores permitidos',
  'must be equal to constant': 'não tem o valor aceito',
  'is invalid': 'é inválido',

  // Clinical records
  'There is no such consultation.': 'Esta consulta não existe.',
  'This consultation was changed since you opened it. Reload it to see the latest version.':
    'Esta consulta foi alterada depois que você a abriu. Recarregue para ver a versão mais recente.',
  'There is no such prescription.': 'Esta receita não existe.',
  'A prescription is written once the patient has been called in.':
    'A receita é escrita depois que o paciente foi chamado para a consulta.',
  'This prescription was already revoked.': 'Esta receita já foi revogada.',
  'Too many checks from here. Try again later.':
    'Verificações demais a partir daqui. Tente novamente mais tarde.',
  'No prescription has this code. Check it as printed.':
    'Nenhuma receita tem este código. Confira-o como está impresso.',
  'There is no such lab report.': 'Este exame não existe.',
  'This lab report has no result yet.': 'Este exame ainda não tem resultado.',

  // The delivery log's retry (src/modules/notifications)
  'There is no such message.': 'Esta mensagem não existe.',
  'This message is already queued to be sent.': 'Esta mensagem já está na fila de envio.',
  'This message was already sent.': 'Esta mensagem já foi enviada.',
  'This reminder was skipped because its appointment was cancelled or moved.':
    'Este lembrete foi descartado porque a consulta foi cancelada ou remarcada.',
  'A message with a one-time code is not sent again: ask for a new code.':
    'Uma mensagem com código de uso único não é reenviada: peça um novo código.',
  'is not an appointment of this patient': 'não é uma consulta deste paciente',
  'Send the file as multipart/form-data, in a field named file.':
    'Envie o arquivo como multipart/form-data, em um campo chamado file.',
  'The file is larger than 20 MB.': 'O arquivo tem mais de 20 MB.',
  'The file must be a PDF, JPEG or PNG.': 'O arquivo deve ser um PDF, JPEG ou PNG.',
  'must be a PDF, JPEG or PNG': 'deve ser um PDF, JPEG ou PNG',
  'is empty': 'está vazio',
};

/** Texts with values in them: the English sentence's pattern, and its Portuguese. */
export const problemPatternsPtBR: [RegExp, (...values: string[]) => string][] = [
  [
    /^Appointments can be booked up to (\d+) days ahead\.$/,
    (days) => `As consultas podem ser agendadas com até ${days} dias de antecedência.`,
  ],
  [
    /^Appointments must be booked at least (\d+) (hour|hours|minute|minutes) ahead\.$/,
    (count, unit) =>
      `As consultas devem ser agendadas com pelo menos ${count} ${
        unit.startsWith('hour')
          ? count === '1'
            ? 'hora'
            : 'horas'
          : count === '1'
            ? 'minuto'
            : 'minutos'
      } de antecedência.`,
  ],
  [
    /^The appointment is ([a-z -]+); it cannot be ([a-z -]+) now\.$/,
    (from, to) =>
      `A consulta está ${statusPt(from, 'is')}; ela não pode ser ${statusPt(to, 'be')} agora.`,
  ],
  [
    /^Only today’s appointments can be checked in; this one is on (\d{4}-\d{2}-\d{2})\.$/,
    (day) => `Só consultas de hoje podem ter o check-in feito; esta é em ${day}.`,
  ],
  [
    /^The council number (\S+) is already registered\.$/,
    (number) => `O número de conselho ${number} já está cadastrado.`,
  ],
  [
    /^A request signed in by cookie must carry the (\S+) header with the value of the (\S+) cookie\.$/,
    (header, cookie) =>
      `Uma requisição autenticada por cookie deve levar o cabeçalho ${header} com o valor do cookie ${cookie}.`,
  ],
  [
    /^does not match the CEP, which is in ([A-Z]{2})$/,
    (state) => `não corresponde ao CEP, que é de ${state}`,
  ],
  [
    /^overlaps (\d{2}:\d{2})–(\d{2}:\d{2}) of the same weekday$/,
    (start, end) => `sobrepõe-se a ${start}–${end} do mesmo dia da semana`,
  ],
  [/^must be within (\d+) days of from$/, (days) => `deve estar a no máximo ${days} dias de from`],
  [/^must be at most (\d+) megapixels$/, (count) => `deve ter no máximo ${count} megapixels`],
  [/^must be on or before (\S+)$/, (limit) => `deve ser até ${limit}`],
  [/^must be on or after (\S+)$/, (limit) => `deve ser a partir de ${limit}`],
  [/^must be one of: (.*)$/, (values) => `deve ser um destes: ${values}`],
  [
    /^must NOT have fewer than (\d+) characters?$/,
    (count) => `deve ter pelo menos ${count} ${count === '1' ? 'caractere' : 'caracteres'}`,
  ],
  [
    /^must NOT have more than (\d+) characters?$/,
    (count) => `deve ter no máximo ${count} ${count === '1' ? 'caractere' : 'caracteres'}`,
  ],
  [
    /^must NOT have fewer than (\d+) items?$/,
    (count) => `deve ter pelo menos ${count} ${count === '1' ? 'item' : 'itens'}`,
  ],
  [
    /^must NOT have more than (\d+) items?$/,
    (count) => `deve ter no máximo ${count} ${count === '1' ? 'item' : 'itens'}`,
  ],
  [
    /^must NOT have fewer than (\d+) properties$/,
    (count) => `deve ter pelo menos ${count} ${count === '1' ? 'campo' : 'campos'}`,
  ],
  [
    /^must be (<=|>=|<|>) (-?[\d.]+)$/,
    (comparison, limit) =>
      `deve ser ${{ '<=': 'no máximo', '>=': 'no mínimo', '<': 'menor que', '>': 'maior que' }[comparison]} ${limit}`,
  ],
  [
    /^must match format "(date|date-time|email|uuid|uri)"$/,
    (format) =>
      ({
        date: 'deve ser uma data AAAA-MM-DD',
        'date-time': 'deve ser um instante ISO 8601 com fuso (ex. 2026-12-23T10:00:00-03:00)',
        email: 'deve ser um e-mail válido',
        uuid: 'deve ser um UUID',
        uri: 'deve ser uma URL',
      })[format]!,
  ],
  [/^must match format "(.+)"$/, (format) => `deve estar no formato "${format}"`],
  [/^must match pattern "(.*)"$/, () => 'não está no formato esperado'],
];

/** Appointment states as the state machine's English names them, in Portuguese. */
function statusPt(label: string, as: 'is' | 'be'): string {
  const names: Record<string, [string, string]> = {
    scheduled: ['agendada', 'agendada'],
    'checked in': ['com check-in feito', 'recebida (check-in)'],
    'in progress': ['em andamento', 'iniciada'],
    finished: ['encerrada', 'encerrada'],
    cancelled: ['cancelada', 'cancelada'],
    'marked as a no-show': ['marcada como falta', 'marcada como falta'],
  };
  const name = names[label];
  return name ? name[as === 'is' ? 0 : 1] : label;
}
