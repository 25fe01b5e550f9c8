// The one place the scripts import the mesh's address book from. lib/ only imports
// the MeshService *type* (erased at build), so it stays usable from jest's global
// setup whatever state packages/platform is in.
export { MESH, serviceRole, type MeshService, type ServiceName } from '@kessai/platform';
