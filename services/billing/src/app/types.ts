// The records the use cases answer with, for the handlers (which never import db/).
export type { BillRecord, CustomerRecord, PaymentRecord, Scope } from '../domain/records';
