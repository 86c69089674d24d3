#!/bin/sh
# The Playwright suite in the kind cluster, in one go: `npm run kind:e2e` (local login server) or
# `npm run kind:e2e -- -p aws` (real Cognito, after `pulumi up`). Extra arguments go to every skaffold
# command. Three steps, because Skaffold loads into kind only what each step knows about:
#   1. skaffold build   builds the images and writes their tags to a file;
#   2. skaffold deploy  -a that file: deploys those tags; --load-images, because deploy loads into
#                       kind only images it built itself, and only those its manifests use;
#   3. skaffold verify  -a that file: runs e2e/job.yaml with the e2e image's tag, which verify loads
#                       into kind itself (no deployed manifest uses it, so step 2 does not).
# Exits with the suite's result; the report lands in /tmp/sso-e2e-report (deploy/kind/cluster.yaml).
set -eu
cd "$(dirname "$0")/../.."

for tool in skaffold kind kubectl; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "kind:e2e needs $tool on PATH (deploy/README.md, Prerequisites)" >&2
    exit 1
  }
done
context=${SSO_KUBE_CONTEXT:-kind-sso}
kubectl config get-contexts "$context" >/dev/null 2>&1 || {
  echo "no kube context $context: make the cluster first (kind create cluster --config deploy/kind/cluster.yaml)" >&2
  exit 1
}

work=$(mktemp -d "${TMPDIR:-/tmp}/sso-kind-e2e.XXXXXX")
trap 'rm -rf "$work"' EXIT
# skaffold verify takes no --kube-context: all three steps read a kubeconfig of that context alone
# (your own kubeconfig's current context stays as it is).
kubectl config view --raw --minify --flatten --context "$context" >"$work/kubeconfig"
export KUBECONFIG="$work/kubeconfig"
skaffold build --file-output "$work/builds.json" "$@"
skaffold deploy --build-artifacts "$work/builds.json" --load-images=true "$@"
skaffold verify --build-artifacts "$work/builds.json" "$@"
