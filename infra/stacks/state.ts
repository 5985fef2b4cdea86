import { LocalBackend, TerraformStack } from "cdktf";

/**
 * Keeps a stack's terraform state at the repository root, as terraform.<stack>.tfstate
 * (git-ignored: state holds the generated lake secrets). The path is relative to the
 * stack's working directory (cdktf.out/stacks/<stack>), so no machine path lands in
 * cdk.tf.json, and the other stacks' remote-state lookups resolve to the same file.
 */
export function keepStateAtRepoRoot(stack: TerraformStack): void {
  new LocalBackend(stack, { path: `../../../terraform.${stack.node.id}.tfstate` });
}
