// Types for the matchers Testing.setupJest() registers (cdktf ships them untyped for jest).
declare namespace jest {
  interface Matchers<R> {
    toHaveResource(construct: { tfResourceType: string }): R;
    toHaveResourceWithProperties(construct: { tfResourceType: string }, properties: Record<string, unknown>): R;
    toHaveDataSource(construct: { tfResourceType: string }): R;
    toHaveDataSourceWithProperties(construct: { tfResourceType: string }, properties: Record<string, unknown>): R;
    toHaveProvider(construct: { tfResourceType: string }): R;
    toHaveProviderWithProperties(construct: { tfResourceType: string }, properties: Record<string, unknown>): R;
    toBeValidTerraform(): R;
    toPlanSuccessfully(): R;
  }
}
