// The admins' pages (the front desk and the lab reports): one chunk, loaded once an admin signs in.
import '../i18n/staff';
export { BoardPage } from '../desk/board-page';
export { LabReportsPage } from '../desk/lab-reports-page';
export { BookForPatientPage } from '../desk/patients/book-for-patient-page';
export { PatientPage } from '../desk/patients/patient-page';
export { PatientsPage } from '../desk/patients/patients-page';
export { RegisterPatientPage } from '../desk/patients/register-patient-page';
