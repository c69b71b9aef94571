#!/usr/bin/env bash
# The CDK CLI on the orderstream app, from anywhere:
#   scripts/cdk.sh synth                          # offline, no credentials; templates in infra-cdk/target/cdk.out
#   scripts/cdk.sh diff orderstream-monitoring -c pageEmails=oncall@example.com
#   scripts/cdk.sh deploy orderstream-data        # with AWS credentials of the target account
#   scripts/cdk.sh --local deploy ...             # cdklocal, against a LocalStack on $AWS_ENDPOINT_URL
# Installs the pinned CLI (scripts/setup-cdk-cli.sh), builds infra-cdk and what it needs, writes its
# classpath (infra-cdk/target/classpath.txt, read by infra-cdk/cdk.json), then runs the CLI in infra-cdk/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

TOOL=cdk
if [[ "${1:-}" == "--local" ]]; then
  TOOL=cdklocal
  shift
fi

bash "${ROOT}/scripts/setup-cdk-cli.sh" >&2
(cd "${ROOT}" \
  && mvn -B -q install -DskipTests -pl infra-cdk -am >&2 \
  && mvn -B -q -pl infra-cdk dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >&2)

cd "${ROOT}/infra-cdk"
export CDK_DISABLE_VERSION_CHECK=1
exec "${ROOT}/.local/cdk-cli/node_modules/.bin/${TOOL}" "$@"
