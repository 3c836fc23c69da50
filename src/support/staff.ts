// Who is support staff: the SUPPORT_STAFF list (config). Looked up at every request, so removing someone
// from the list locks them out at once, whatever sessions they still hold.
export type StaffRole = 'agent' | 'lead';

export interface StaffMember {
  email: string;
  role: StaffRole;
}

export class StaffDirectory {
  private readonly byEmail: Map<string, StaffMember>;

  constructor(staff: readonly StaffMember[]) {
    this.byEmail = new Map(staff.map((s) => [s.email.toLowerCase(), { email: s.email.toLowerCase(), role: s.role }]));
  }

  /** The staff member with this email (case-insensitive), or undefined. */
  find(email: string | undefined): StaffMember | undefined {
    return email ? this.byEmail.get(email.trim().toLowerCase()) : undefined;
  }

  list(): StaffMember[] {
    return [...this.byEmail.values()];
  }

  get size(): number {
    return this.byEmail.size;
  }
}
