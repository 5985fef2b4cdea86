import { PROFILES, selectProfile } from "../../infra/config/profiles";
import { containerNamed, parse, synthApp } from "./synth";

/** Settings read from the environment at synth, beyond the lake's (external-minio.test.ts). */
describe("runtime host ports from the environment", () => {
  test("LOGPIPE_SIMULATOR_HOST_PORT and LOGPIPE_SINK_HOST_PORT move the simulator's and the sink's host ports", () => {
    // WHEN
    const { apps } = synthApp({ LOGPIPE_SIMULATOR_HOST_PORT: "13000", LOGPIPE_SINK_HOST_PORT: "13001" });
    // THEN
    expect(containerNamed(apps, "logpipe-simulator").ports).toEqual([expect.objectContaining({ external: 13000, ip: "127.0.0.1" })]);
    expect(containerNamed(apps, "logpipe-sink").ports).toEqual([expect.objectContaining({ external: 13001, ip: "127.0.0.1" })]);
    expect(parse(apps).output?.simulator_url.value).toBe("http://127.0.0.1:13000");
    expect(selectProfile({ LOGPIPE_PROFILE: "ha", LOGPIPE_SINK_HOST_PORT: "13001" }).runtime).toEqual({ simulatorHostPort: PROFILES.ha.runtime.simulatorHostPort, sinkHostPort: 13001 });
  });

  test.each([["LOGPIPE_SIMULATOR_HOST_PORT", "70000"], ["LOGPIPE_SINK_HOST_PORT", "0"], ["LOGPIPE_SINK_HOST_PORT", "30o1"]])("fails when %s is %s", (name, port) => {
    expect(() => selectProfile({ [name]: port })).toThrow(`${name} must be a port between 1 and 65535, but "${port}" was provided`);
  });

  test("fails at synth when a port is another service's, naming both", () => {
    expect(() => synthApp({ LOGPIPE_SINK_HOST_PORT: "9000" })).toThrow(/host port 9000 is wanted by both platform\/minio\S* \(minio\.apiHostPort\) and apps\/sink\S* \(runtime\.sinkHostPort\)/);
  });
});
