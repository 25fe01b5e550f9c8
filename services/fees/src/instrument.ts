// Loaded first by main.ts, before anything that OpenTelemetry instruments.
import { startTelemetry } from '@kessai/platform/telemetry';

startTelemetry('fees');
