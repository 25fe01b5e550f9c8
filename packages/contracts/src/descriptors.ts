import path from 'node:path';

/** Binary FileDescriptorSet of every proto in proto/ (served by gRPC reflection). */
export const DESCRIPTOR_SET_PATH = path.join(__dirname, '..', 'descriptors.binpb');
