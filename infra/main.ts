import { App } from "cdktf";
import { ExternalMinio, externalMinioFrom } from "./config/external-minio";
import { imagesFromRegistry, PinnedImages } from "./config/images";
import { Profile, selectProfile } from "./config/profiles";
import { ConfigurationError } from "./config/validation";
import { AppsStack } from "./stacks/apps-stack";
import { LakeStack } from "./stacks/lake-stack";
import { PlatformStack } from "./stacks/platform-stack";

/**
 * The app: three stacks for the profile named by LOGPIPE_PROFILE (dev | ha), ordered by
 * their references: platform → lake → apps. With LOGPIPE_MINIO_ENDPOINT, only the lake
 * stack, managing that existing MinIO (infra/config/external-minio.ts).
 */
export function buildApp(env: NodeJS.ProcessEnv = process.env, app: App = new App()): App {
  const profile = selectProfile(env);
  const externalMinio = externalMinioFrom(env);
  if (externalMinio) declareLakeOn(app, profile, externalMinio);
  else declareStacks(app, profile, imagesFromRegistry(env.LOGPIPE_IMAGE_REGISTRY));
  return app;
}

export function declareStacks(app: App, profile: Profile, images: PinnedImages): void {
  const platform = new PlatformStack(app, "platform", { profile, images });
  const lake = new LakeStack(app, "lake", { profile, server: platform.minio });
  new AppsStack(app, "apps", { profile, images, platform, lake });
}

/** The lake stack alone, on a MinIO that something else runs; its state is kept per server. */
export function declareLakeOn(app: App, profile: Profile, minio: ExternalMinio): void {
  new LakeStack(app, "lake", { profile, server: minio, stateName: minio.stateName });
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
