/**
 * What `lambkit-local --help` prints.
 *
 * @example
 * process.stdout.write(USAGE);
 */
export const USAGE = `Usage: lambkit-local invoke <handler-file>[:export] [options]

Runs a Lambda handler locally the way Lambda runs it: a Node process with Lambda's flags and
environment, lambkit's runtime client, a local Runtime API. Each --event is one invocation of the
same process (the first is the cold start). Prints each invocation's log lines, EMF metrics, X-Ray
trace and response; exits with 1 when INIT or an invocation fails, 2 on a wrong argument.

  <handler-file>[:export]   a built .js, .mjs or .cjs file; the export defaults to "handler"

Options:
  --event <file.json>       the event (repeatable, one invocation each; default: one {} event)
  --env NAME=value          a variable for the function (repeatable)
  --timeout <seconds>       the function timeout, 1 to 900 (default 3)
  --memory <MB>             the memory setting, 128 to 10240 (default 128)
  --function-name <name>    default test-function
  --region <region>         default us-east-1
  --task-root <dir>         the directory standing for /var/task (default: the handler's directory)
  --opt-dir <dir>           the directory standing for /opt, where layers are unpacked
  --extension <seeds.json>  start the AWS Parameters and Secrets extension, with
                            { "parameters": { "/name": "value" }, "secrets": { "name": "value" } }
  --appconfig <seeds.json>  start the AWS AppConfig agent, with
                            { "application/environment/profile": configuration }
  --xray                    start an X-Ray daemon and print the trace segments the function sends
  -h, --help                print this help
`;
