// Imported by the staff's chunks (desk, settings, day): their texts arrive with them, before any
// of their pages renders, and keep their keys (`t('desk.title')`).
import { addTexts } from './index';
import { staffEn } from './staff-en';
import { staffPtBR } from './staff-pt-BR';

addTexts({ en: staffEn, 'pt-BR': staffPtBR });
