/**
 * The mesh's address book: every service Kessai runs, with its default ports and
 * the Postgres schema it owns. Defaults only — every address can be overridden by
 * environment (`<NAME>_GRPC_ADDR`, `GRPC_PORT`, `OPS_PORT`).
 *
 * The dev runner, the test harness, the CLI and the chart checks all read this
 * table, so adding a service starts here.
 */
export interface MeshService {
  /** folder under services/ and the service name in logs, metrics and subjects */
  readonly name: string;
  /** Postgres schema the service owns (and its role is `kessai_<schema>`) */
  readonly schema: string;
  readonly grpcPort: number;
  readonly opsPort: number;
  /** environment variable other services use to find it */
  readonly addrEnv: string;
  /** public HTTP port, for the services that have one */
  readonly httpPort?: number;
}

export const MESH = {
  gateway: { name: 'gateway', schema: 'gateway', grpcPort: 50050, opsPort: 9100, addrEnv: 'GATEWAY_GRPC_ADDR', httpPort: 8080 },
  ledger: { name: 'ledger', schema: 'ledger', grpcPort: 50051, opsPort: 9101, addrEnv: 'LEDGER_GRPC_ADDR' },
  billing: { name: 'billing', schema: 'billing', grpcPort: 50052, opsPort: 9102, addrEnv: 'BILLING_GRPC_ADDR' },
  remittance: { name: 'remittance', schema: 'remittance', grpcPort: 50053, opsPort: 9103, addrEnv: 'REMITTANCE_GRPC_ADDR' },
  'account-transfer': { name: 'account-transfer', schema: 'account_transfer', grpcPort: 50054, opsPort: 9104, addrEnv: 'ACCOUNT_TRANSFER_GRPC_ADDR' },
  notification: { name: 'notification', schema: 'notification', grpcPort: 50055, opsPort: 9105, addrEnv: 'NOTIFICATION_GRPC_ADDR' },
  fees: { name: 'fees', schema: 'fees', grpcPort: 50056, opsPort: 9106, addrEnv: 'FEES_GRPC_ADDR' },
  webhook: { name: 'webhook', schema: 'webhook', grpcPort: 50057, opsPort: 9107, addrEnv: 'WEBHOOK_GRPC_ADDR', httpPort: 8081 },
} as const satisfies Record<string, MeshService>;

export type ServiceName = keyof typeof MESH;

/** The Postgres role a service connects as. */
export function serviceRole(service: MeshService): string {
  return `kessai_${service.schema}`;
}
