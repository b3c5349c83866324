// Imported by the waiting-room screen's chunk: its texts arrive with it, before it renders, and
// keep their keys (`t('display.title')`).
import { display as displayEn } from './en/display';
import { addTexts } from './index';
import { display as displayPtBR } from './pt-BR/display';

addTexts({ en: { display: displayEn }, 'pt-BR': { display: displayPtBR } });
