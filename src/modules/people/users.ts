import { usersRelation } from '../accounts/index.js';

/** The accounts' users, as people's queries join them (read only: accounts writes them). */
export const users = usersRelation();
