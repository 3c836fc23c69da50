// The hello/isMaster reply: what the driver learns about the server on every new connection and
// every monitoring heartbeat. A standalone: no setName, no topologyVersion (which would make the
// driver stream hello with exhaust replies), no compression.
import type { Document } from 'bson';
import { MAX_BSON_OBJECT_SIZE, MAX_MESSAGE_SIZE } from './wire.js';

export const MIN_WIRE_VERSION = 0;
export const MAX_WIRE_VERSION = 21; // MongoDB 7.0

export function helloReply(connectionId: number): Document {
  return {
    helloOk: true,
    isWritablePrimary: true,
    ismaster: true,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId,
    minWireVersion: MIN_WIRE_VERSION,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
}
