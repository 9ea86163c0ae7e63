/** Words of the coordinator, dashboard and admin screens, Dutch and English (following GLOSSARY.md). */
export const nlAdmin = {
  cases: 'Klachtdossiers',
  dashboard: 'Dashboard',
  channels: 'Kanalen',
  entities: 'Entiteiten',
  users: 'Gebruikers',
};

export type AdminDictionary = typeof nlAdmin;

export const enAdmin: AdminDictionary = {
  cases: 'Complaint cases',
  dashboard: 'Dashboard',
  channels: 'Channels',
  entities: 'Entities',
  users: 'Users',
};
