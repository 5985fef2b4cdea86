import { spawnSync } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as os from "os";
import * as path from "path";
import { TrafficModel } from "../../runtime/src/simulator/generator";
import { synthesize, SynthesizedStack } from "../../scripts/lib/synthesized";
import { constructOf, containersOf, DeployedContainer, deployedContainer, healthy, LocalAddress, LocalProcess } from "./deployed";
import { readLake, s3Client } from "./lake";
import { LakeDeployment } from "./lake-deployment";
import { Connection, freePort, postJson, readConnection, request, RuntimeProcess, REPO_ROOT, SERVICES_DIR, waitFor } from "./services";

/**
 * The Airflow of the apps stack, run for real: its API server, scheduler and DAG processor
 * (and its one-shot init job) are started from the project's venv with the environment, the
 * commands, the mounts and the healthchecks the apps stack gives the Airflow containers, read
 * from the synthesized stacks and resolved as a deploy resolves them: the secrets are
 * variables the test sets, the lake users come from the lake stack deployed with `npm run
 * deploy` on the test MinIO (their real, least-privilege credentials). Only addresses change:
 * the containers' network names become the local Kafka, MinIO, PostgreSQL and API server, and
 * the Spark master becomes Spark in local mode (the job's driver runs in the scheduler, as
 * deployed). This is the configuration a real deploy found broken: the lock without the FAB
 * and postgres providers, the JWT issuer, and check_quality in a run without a logical date.
 */

const DAG_ID = "log_pipeline";
const RUN_TIMEOUT_MS = 20 * 60_000;

/** What a deploy gets from TF_VAR_*: generated the way scripts/lib/secrets.sh generates them. */
function testSecrets(): Record<string, string> {
  const token = (bytes: number) => randomBytes(bytes).toString("base64url");
  return {
    airflow_admin_password: token(18),
    airflow_db_password: token(24),
    airflow_fernet_key: randomBytes(32).toString("base64").replace(/\+/g, "-").replace(/\//g, "_"),
    airflow_api_secret_key: token(32),
    airflow_jwt_secret: token(64),
  };
}

/** Runs Python in the venv (psycopg2, pip, importlib), failing the test with its output. */
function venvPython(venv: string, code: string, args: string[] = [], env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync(path.join(venv, "bin", "python"), ["-c", code, ...args], { env, encoding: "utf8", timeout: 300_000 });
  assert.equal(result.status, 0, `python failed:\n${result.stderr.slice(-4000)}`);
  return result.stdout;
}

/** name → version of the pins in requirements.lock, names normalized as pip compares them. */
function lockedPackages(): Map<string, string> {
  const lock = fs.readFileSync(path.join(REPO_ROOT, "requirements.lock"), "utf8");
  return new Map([...lock.matchAll(/^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s#]+)/gm)].map(([, name, version]) => [name.toLowerCase().replace(/[-_.]+/g, "-"), version]));
}

/** For each Airflow setting that names code: the module that provides it and the distribution that installed the module. */
const PROVIDERS_OF_SETTINGS = `
import importlib, json, sys
from importlib.metadata import distributions
import sqlalchemy.engine
settings = json.loads(sys.argv[1])
owners = {}
for dist in distributions():
    for file in dist.files or []:
        owners.setdefault(str(file), dist.metadata["Name"])
def provider(module_name):
    module = importlib.import_module(module_name)
    for root in sys.path:
        if root and module.__file__.startswith(root.rstrip("/") + "/"):
            return owners.get(module.__file__[len(root.rstrip("/")) + 1:])
found = []
auth_module, auth_class = settings["AIRFLOW__CORE__AUTH_MANAGER"].rsplit(".", 1)
getattr(importlib.import_module(auth_module), auth_class)
found.append(["AIRFLOW__CORE__AUTH_MANAGER", auth_module, provider(auth_module)])
from airflow.executors.executor_loader import ExecutorLoader
executor_module = ExecutorLoader.executors.get(settings["AIRFLOW__CORE__EXECUTOR"], settings["AIRFLOW__CORE__EXECUTOR"]).rsplit(".", 1)[0]
found.append(["AIRFLOW__CORE__EXECUTOR", executor_module, provider(executor_module)])
dialect = sqlalchemy.engine.make_url(settings["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]).get_dialect()
found.append(["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", dialect.__module__, provider(dialect.__module__)])
dbapi = dialect.dbapi() if hasattr(dialect, "dbapi") and callable(dialect.dbapi) else dialect.import_dbapi()
found.append(["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", dbapi.__name__, provider(dbapi.__name__)])
print(json.dumps(found))
`;

const RESET_DATABASE = `
import sys, psycopg2
host, port, admin, admin_password, role, password, database = sys.argv[1:8]
connection = psycopg2.connect(host=host, port=int(port), user=admin, password=admin_password, dbname="postgres")
connection.autocommit = True
cursor = connection.cursor()
cursor.execute("DROP DATABASE IF EXISTS %s WITH (FORCE)" % database)
cursor.execute("DROP ROLE IF EXISTS %s" % role)
cursor.execute("CREATE ROLE %s LOGIN PASSWORD %%s" % role, (password,))
cursor.execute("CREATE DATABASE %s OWNER %s" % (database, role))
cursor.execute("SELECT version()")
print(cursor.fetchone()[0])
`;

describe("the deployed Airflow, run with the apps stack's configuration against real services", () => {
  const venv = process.env.LOGPIPE_VENV ?? "";
  const connection: Connection = readConnection();
  const lake = new LakeDeployment(connection);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "logpipe-airflow-"));
  const airflowHome = path.join(work, "airflow");
  const secrets = testSecrets();
  const processes: LocalProcess[] = [];
  let apiUrl = "";
  let airflow: Record<string, DeployedContainer> = {};
  let lakeDeployed = false;

  /** The environment of a container's processes: the image's (AIRFLOW_HOME, the venv first on PATH) and the stack's. */
  const processEnv = (container: DeployedContainer): NodeJS.ProcessEnv => ({
    PATH: `${path.join(venv, "bin")}:${process.env.PATH}`,
    HOME: process.env.HOME,
    JAVA_HOME: process.env.JAVA_HOME,
    TZ: "UTC",
    AIRFLOW_HOME: airflowHome,
    ...container.env,
  });

  /** The container's command as the image's entrypoint runs it: bash as given, anything else as an airflow subcommand. */
  const argv = (container: DeployedContainer) => (container.command[0] === "bash" ? container.command : [path.join(venv, "bin", "airflow"), ...container.command]);

  before(async () => {
    assert.ok(venv && fs.existsSync(path.join(venv, "bin", "airflow")), "LOGPIPE_VENV must name the project's venv: run through npm test or npm run test:integration");

    // The lake stack, deployed on the test MinIO: the users and policies the Airflow containers get.
    lakeDeployed = true;
    lake.mustRun("deploy", ["--auto-approve"]);

    // The whole app, synthesized as `npm run deploy` synthesizes it (into cdktf.out, where the
    // stacks' repository paths resolve), with the same lake settings.
    const stacks = synthesize({ ...lake.settings, LOGPIPE_PROFILE: "dev" }, path.join(REPO_ROOT, "cdktf.out"));
    const apps = stacks.apps as SynthesizedStack;
    const all = [...containersOf(stacks.platform), ...containersOf(apps)];
    const named = (construct: RegExp) => {
      const found = all.find((container) => construct.test(constructOf(container)));
      assert.ok(found, `no container declared by a construct matching ${construct}`);
      return found;
    };

    // The local stand-ins of the containers the Airflow containers reach, by their network names.
    const apiPort = await freePort();
    apiUrl = `http://127.0.0.1:${apiPort}`;
    const kafka = new URL(`kafka://${connection.KAFKA_BROKERS.split(",")[0]}`);
    const minio = new URL(connection.S3_ENDPOINT);
    const sparkMaster = named(/^platform\/spark\/master\b/).name;
    const addresses: Record<string, LocalAddress> = {
      ...Object.fromEntries(all.filter((c) => /^platform\/kafka\/broker/.test(constructOf(c))).map((c) => [c.name, { host: kafka.hostname, ports: { 9092: kafka.host } }])),
      [named(/^platform\/minio\b/).name]: { host: minio.hostname, ports: { 9000: minio.host } },
      [named(/^apps\/airflow\/db\b/).name]: { host: "127.0.0.1", ports: { 5432: `127.0.0.1:${connection.POSTGRES_PORT}` } },
      [named(/^apps\/airflow\/api-server\b/).name]: { host: "127.0.0.1", ports: { 8080: `127.0.0.1:${apiPort}` } },
      // The driver runs in the scheduler's container; here, on the loopback interface.
      [named(/^apps\/airflow\/scheduler\b/).name]: { host: "127.0.0.1" },
    };
    const mapping = {
      context: { variables: secrets, stacks, stateFiles: { "cross-stack-reference-input-lake": lake.stateFile } },
      addresses,
      networkNames: all.map((container) => container.name),
      // Spark in local mode instead of the standalone master the containers submit to.
      rewrite: (name: string, value: string) => {
        if (name !== "AIRFLOW_CONN_SPARK_DEFAULT") return value;
        const { port: _port, ...sparkConnection } = JSON.parse(value) as { host: string; port?: number };
        assert.equal(sparkConnection.host, `spark://${sparkMaster}`);
        return JSON.stringify({ ...sparkConnection, host: "local[2]" });
      },
    };
    airflow = Object.fromEntries(
      all
        .filter((container) => /^apps\/airflow\/(init|api-server|scheduler|dag-processor)\b/.test(constructOf(container)))
        .map((container) => {
          const deployed = deployedContainer(container, apps, mapping);
          const role = constructOf(container).split("/")[2];
          // Inside its container the API server is localhost:8080, where its healthcheck asks.
          const healthcheck = role === "api-server" ? deployed.healthcheck?.map((word) => word.replace("localhost:8080", `127.0.0.1:${apiPort}`)) : deployed.healthcheck;
          return [role, { ...deployed, healthcheck }];
        }),
    );
    assert.deepEqual(Object.keys(airflow).sort(), ["api-server", "dag-processor", "init", "scheduler"]);
    // What the Docker network gives the API server: its port, published on the host.
    airflow["api-server"] = { ...airflow["api-server"], env: { ...airflow["api-server"].env, AIRFLOW__API__HOST: "127.0.0.1", AIRFLOW__API__PORT: String(apiPort) } };

    // The repository folders the containers mount under AIRFLOW_HOME (/opt/airflow in the image).
    for (const { source, target } of airflow.scheduler.mounts) {
      assert.match(target, /^\/opt\/airflow\//, `mount target ${target} is outside the image's AIRFLOW_HOME`);
      const local = path.join(airflowHome, path.relative("/opt/airflow", target));
      fs.mkdirSync(path.dirname(local), { recursive: true });
      fs.symlinkSync(source, local);
    }
  });

  after(async () => {
    for (const running of processes.reverse()) await running.stop();
    if (lakeDeployed) {
      const result = lake.run("destroy", ["--auto-approve", "--delete-lake-data"]);
      if (result.status !== 0) console.error(`clean-up destroy failed:\n${result.output.slice(-3000)}`);
    }
    lake.removeWorkDirectory();
    if (process.env.LOGPIPE_KEEP_AIRFLOW_HOME) console.log(`Airflow's home and logs kept in ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  });

  test("every package the stack's Airflow settings name is in requirements.lock, and the venv passes pip check", () => {
    const settings = airflow.scheduler.env;
    const found = JSON.parse(venvPython(venv, PROVIDERS_OF_SETTINGS, [JSON.stringify(settings)], processEnv(airflow.scheduler))) as [string, string, string | null][];
    const lock = lockedPackages();
    for (const [setting, module, distribution] of found) {
      const pinned = distribution ? lock.get(distribution.toLowerCase().replace(/[-_.]+/g, "-")) : undefined;
      assert.ok(pinned, `${setting} needs ${module}, installed by ${distribution ?? "nothing"}, which requirements.lock does not pin`);
      console.log(`${setting}: ${module} from ${distribution}==${pinned} (locked)`);
    }
    const check = spawnSync(path.join(venv, "bin", "pip"), ["check"], { encoding: "utf8" });
    assert.equal(check.status, 0, `pip check:\n${check.stdout}${check.stderr}`);
  });

  test("the init job migrates a real PostgreSQL and creates the admin; the API server, scheduler and DAG processor become healthy", async () => {
    // The database the stack's PostgreSQL container creates from its environment.
    const db = airflow.init.env.AIRFLOW__DATABASE__SQL_ALCHEMY_CONN;
    const url = new URL(db.replace(/^postgresql\+psycopg2:/, "postgresql:"));
    const version = venvPython(venv, RESET_DATABASE, [
      url.hostname, url.port, connection.POSTGRES_USER, connection.POSTGRES_PASSWORD, decodeURIComponent(url.username), decodeURIComponent(url.password), url.pathname.slice(1),
    ]).trim();
    console.log(`metadata database: real ${version.split(" on ")[0]} at ${url.host} (services.sh, pid ${fs.readFileSync(path.join(SERVICES_DIR, "postgres", "postgres.pid"), "utf8").trim()}), database ${url.pathname.slice(1)} owned by ${url.username}`);

    const init = spawnSync(argv(airflow.init)[0], argv(airflow.init).slice(1), { env: processEnv(airflow.init), encoding: "utf8", timeout: 600_000 });
    assert.equal(init.status, 0, `the init job failed:\n${(init.stdout + init.stderr).slice(-6000)}`);

    for (const role of ["api-server", "scheduler", "dag-processor"]) {
      const started = LocalProcess.start(`airflow-${role}`, argv(airflow[role]), processEnv(airflow[role]), work);
      processes.push(started);
      console.log(`started airflow ${airflow[role].command.join(" ")} (pid ${started.pid}) with the environment of ${airflow[role].name}`);
    }
    for (const [index, role] of ["api-server", "scheduler", "dag-processor"].entries()) {
      const check = airflow[role].healthcheck;
      assert.ok(check, `${role} has no healthcheck in the stack`);
      await waitFor(`${airflow[role].name}'s healthcheck (${check.join(" ")})`, async () => {
        if (processes[index].exited) throw new Error(`${role} exited:\n${processes[index].tail()}`);
        return healthy(check, processEnv(airflow[role]));
      }, 240_000, 3_000).catch((error: Error) => assert.fail(`${error.message}\n${processes[index].tail()}`));
    }
  });

  let token = "";

  test("the admin gets an API token from POST /auth/token, and the UI's login page loads", async () => {
    const response = await postJson(`${apiUrl}/auth/token`, JSON.stringify({ username: airflow.init.env.LOGPIPE_AIRFLOW_ADMIN_USER, password: secrets.airflow_admin_password }));
    assert.equal(response.status, 201, `POST /auth/token: ${response.status} ${response.text.slice(0, 2000)}\n${processes[0].tail()}`);
    token = response.json<{ access_token: string }>().access_token;
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);

    const login = await request(`${apiUrl}/auth/login/`);
    assert.equal(login.status, 200, `GET /auth/login/: ${login.status} ${login.text.slice(0, 500)}`);
    assert.match(login.text, /<form[\s\S]*name="password"/i, "the login page has no password form");

    const wrong = await postJson(`${apiUrl}/auth/token`, JSON.stringify({ username: "admin", password: "not-the-password" }));
    assert.equal(wrong.status, 401);
  });

  test("log_pipeline triggered through the REST API without a logical date curates the events and passes its checks", async () => {
    const api = (url: string, method = "GET", body?: unknown) =>
      request(`${apiUrl}${url}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });

    // GIVEN events of the last three hours, posted to the simulator
    const now = Date.now();
    const model = new TrafficModel({ users: 100, now: () => now - Math.floor(Math.random() * 3 * 3600_000) });
    const events = Array.from({ length: 600 }, () => model.next());
    const simulator = await RuntimeProcess.start("simulator", { KAFKA_TOPIC: airflow.scheduler.env.LOGPIPE_KAFKA_TOPIC });
    try {
      const posted = await postJson(`${simulator.url}/events`, JSON.stringify(events));
      assert.equal(posted.status, 202, posted.text);
    } finally {
      await simulator.stop();
    }

    // AND the DAG, parsed by the DAG processor and unpaused as the stack configures it
    const dag = await waitFor("log_pipeline in the API", async () => {
      const response = await api(`/api/v2/dags/${DAG_ID}`);
      return response.status === 200 ? response.json<{ is_paused: boolean }>() : undefined;
    }, 180_000, 3_000);
    assert.equal(dag.is_paused, false);

    // WHEN it is triggered as the UI's button does: no logical date
    const triggered = await api(`/api/v2/dags/${DAG_ID}/dagRuns`, "POST", { logical_date: null });
    assert.equal(triggered.status, 200, `trigger: ${triggered.status} ${triggered.text}`);
    const run = triggered.json<{ dag_run_id: string; run_after: string; logical_date: string | null }>();
    assert.equal(run.logical_date, null);
    console.log(`triggered ${DAG_ID} through POST /api/v2/dags/${DAG_ID}/dagRuns: run ${run.dag_run_id}`);
    const started = Date.now();

    // THEN the run succeeds
    const state = await waitFor(`run ${run.dag_run_id} to finish`, async () => {
      const response = await api(`/api/v2/dags/${DAG_ID}/dagRuns/${encodeURIComponent(run.dag_run_id)}`);
      const { state } = response.json<{ state: string }>();
      return state === "success" || state === "failed" ? state : undefined;
    }, RUN_TIMEOUT_MS, 5_000);
    const tasks = (await api(`/api/v2/dags/${DAG_ID}/dagRuns/${encodeURIComponent(run.dag_run_id)}/taskInstances`)).json<{ task_instances: { task_id: string; state: string; try_number: number }[] }>();
    const taskLog = (taskId: string) => {
      const dir = path.join(airflowHome, "logs", `dag_id=${DAG_ID}`, `run_id=${run.dag_run_id}`, `task_id=${taskId}`);
      return fs.existsSync(dir) ? fs.readdirSync(dir).map((file) => fs.readFileSync(path.join(dir, file), "utf8")).join("\n") : "";
    };
    const states = Object.fromEntries(tasks.task_instances.map((task) => [task.task_id, task.state]));
    assert.equal(state, "success", `run ${run.dag_run_id} ${state}: ${JSON.stringify(states)}\n${tasks.task_instances.filter((t) => t.state !== "success").map((t) => taskLog(t.task_id).slice(-4000)).join("\n")}`);
    assert.deepEqual(states, { wait_for_kafka: "success", wait_for_lake: "success", curate_events: "success", check_quality: "success" });
    console.log(`run ${run.dag_run_id}: success in ${((Date.now() - started) / 1000).toFixed(0)} s, tasks ${JSON.stringify(states)}`);

    // AND check_quality checked the hour before the run was triggered, and passed
    const checked = new Date(Date.parse(run.run_after) - 3600_000).toISOString();
    const where = `dt=${checked.slice(0, 10)}/hour=${checked.slice(11, 13)}`;
    const checks = taskLog("check_quality");
    // The job's own JSON lines, inside the JSON lines of the task log.
    const jobEvents = checks.split("\n").flatMap((line) => {
      try {
        return [JSON.parse(JSON.parse(line).event) as { event: string; where?: string; curated_events?: number }];
      } catch {
        return [];
      }
    });
    const passed = jobEvents.find((event) => event.event === "quality.passed");
    assert.ok(passed, `check_quality logged no quality.passed:\n${checks.slice(-3000)}`);
    assert.equal(passed.where, where, "check_quality must check the hour before the run was triggered");
    assert.ok((passed.curated_events ?? 0) > 0, `the checked hour ${where} should hold curated events`);

    // AND every posted event is in the curated zone, once, read with the root credentials
    const curated = new Map<string, number>();
    for (const object of await readLake(s3Client(connection), lake.bucket, "curated/events/")) {
      for (const row of object.rows) curated.set(String(row.event_id), (curated.get(String(row.event_id)) ?? 0) + 1);
    }
    const missing = events.filter((event) => curated.get(event.event_id) !== 1);
    assert.equal(missing.length, 0, `${missing.length} of ${events.length} posted events are not curated exactly once`);
    console.log(`${events.length} posted events curated exactly once into s3://${lake.bucket}/curated/events/; check_quality passed ${where} (${passed.curated_events} curated events)`);
  });
});
