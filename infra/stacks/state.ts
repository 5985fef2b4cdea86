import { LocalBackend, TerraformStack } from "cdktf";

/**
 * Keeps a stack's terraform state at the repository root, as terraform.<stateName>.tfstate
 * (git-ignored: state holds the generated lake secrets). The path is relative to the
 * stack's working directory (<output>/stacks/<stack>), so no machine path lands in
 * cdk.tf.json, the other stacks' remote-state lookups resolve to the same file, and a
 * synth into another output directory (`cdktf deploy --output DIR/cdktf.out`) keeps its
 * state next to that directory instead.
 */
export function keepStateAtRepoRoot(stack: TerraformStack, stateName: string = stack.node.id): void {
  new LocalBackend(stack, { path: `../../../terraform.${stateName}.tfstate` });
}
