import { App } from "cdktf";
import { imagesFromRegistry, PinnedImages } from "./config/images";
import { Profile, selectProfile } from "./config/profiles";
import { ConfigurationError } from "./config/validation";
import { AppsStack } from "./stacks/apps-stack";
import { LakeStack } from "./stacks/lake-stack";
import { PlatformStack } from "./stacks/platform-stack";

/**
 * The app: three stacks for the profile named by LOGPIPE_PROFILE (dev | ha), ordered by
 * their references: platform → lake → apps.
 */
export function buildApp(env: NodeJS.ProcessEnv = process.env, app: App = new App()): App {
  declareStacks(app, selectProfile(env), imagesFromRegistry(env.LOGPIPE_IMAGE_REGISTRY));
  return app;
}

export function declareStacks(app: App, profile: Profile, images: PinnedImages): void {
  const platform = new PlatformStack(app, "platform", { profile, images });
  const lake = new LakeStack(app, "lake", { profile, server: platform.minio });
  new AppsStack(app, "apps", { profile, images, platform, lake });
}

if (require.main === module) {
  try {
    buildApp().synth();
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
