export * from './chains';
export * from './check-digits';
export * from './payment-numbers';
export * from './barcode';
export * from './stamp-duty';
export * from './store-settlement';
export * from './collection-contract';
