#!/usr/bin/env bash
# Creates (or, with --rotate-admin-token, updates) the Secrets DingRelay's manifests read, in namespace $1. Values are
# generated here or read from the environment, sent to the API server on standard input, never printed, never put on
# a command line (`ps` shows those to every user) and never written to a file.
#
#   DINGTALK_APP=main DINGTALK_APP_KEY=… DINGTALK_APP_SECRET=… DINGTALK_TOKEN=… DINGTALK_AES_KEY=… \
#     deploy/k8s/secrets/create-secrets.sh dingrelay
#
# Secrets and keys (ManifestRulesTest checks that every key a manifest reads is made here):
#   dingrelay-dingtalk-apps  DINGTALK_APPS_<APP>_APP_KEY, _APP_SECRET, _TOKEN, _AES_KEY, _OWNER_KEY (envFrom: add more
#                            apps by adding their five keys)
#   dingrelay-keyring        DINGRELAY_CRYPTO_ACTIVE_KEY, DINGRELAY_CRYPTO_KEYS_<ID> (base64 of 32 random bytes)
#   dingrelay-admin          admin-token
#   dingrelay-db-app         username, password (kubernetes.io/basic-auth; CloudNativePG creates the role with it)
# An existing Secret is left alone (a new key ring would make every stored credential unreadable): delete it first
# to replace it, or rotate keys by adding DINGRELAY_CRYPTO_KEYS_<NEWID> and switching DINGRELAY_CRYPTO_ACTIVE_KEY.
set -euo pipefail
NS=${1:?usage: create-secrets.sh <namespace>}
APP=${DINGTALK_APP:-main}
APP_ENV=$(echo "$APP" | tr '[:lower:]-' '[:upper:]_')
KEY_ID=${KEY_ID:-k1}
KEY_ENV=$(echo "$KEY_ID" | tr '[:lower:]-' '[:upper:]_')

random_base64() { head -c "$1" /dev/urandom | base64 | tr -d '\n'; }
random_token() { head -c 32 /dev/urandom | base64 | tr -d '\n/+=' | cut -c1-40; }
need() { [[ -n "${!1:-}" ]] || { echo "create-secrets.sh: $1 is not set (DingTalk developer console, app '$APP')" >&2; exit 1; }; }

exists() { kubectl -n "$NS" get secret "$1" >/dev/null 2>&1; }

# apply_secret <name> <type>: reads KEY=VALUE lines on stdin into a Secret (values never leave this pipe).
apply_secret() {
  local name=$1 type=$2
  if exists "$name"; then echo "secret $name exists in $NS: left as it is"; cat >/dev/null; return; fi
  python3 -c '
import base64, json, sys
name, ns, type_ = sys.argv[1:4]
data = {}
for line in sys.stdin.read().splitlines():
    k, v = line.split("=", 1)
    data[k] = base64.b64encode(v.encode()).decode()
print(json.dumps({"apiVersion": "v1", "kind": "Secret", "type": type_,
                  "metadata": {"name": name, "namespace": ns, "labels": {"app.kubernetes.io/part-of": "dingrelay"}},
                  "data": data}))' "$name" "$NS" "$type" | kubectl apply -f - >/dev/null
  echo "secret $name created in $NS"
}

need DINGTALK_APP_KEY; need DINGTALK_APP_SECRET; need DINGTALK_TOKEN; need DINGTALK_AES_KEY
apply_secret dingrelay-dingtalk-apps Opaque <<EOT
DINGTALK_APPS_${APP_ENV}_APP_KEY=${DINGTALK_APP_KEY}
DINGTALK_APPS_${APP_ENV}_APP_SECRET=${DINGTALK_APP_SECRET}
DINGTALK_APPS_${APP_ENV}_TOKEN=${DINGTALK_TOKEN}
DINGTALK_APPS_${APP_ENV}_AES_KEY=${DINGTALK_AES_KEY}
DINGTALK_APPS_${APP_ENV}_OWNER_KEY=${DINGTALK_OWNER_KEY:-$DINGTALK_APP_KEY}
EOT

apply_secret dingrelay-keyring Opaque <<EOT
DINGRELAY_CRYPTO_ACTIVE_KEY=${KEY_ID}
DINGRELAY_CRYPTO_KEYS_${KEY_ENV}=$(random_base64 32)
EOT

apply_secret dingrelay-admin Opaque <<EOT
admin-token=${DINGRELAY_ADMIN_TOKEN:-$(random_token)}
EOT

apply_secret dingrelay-db-app kubernetes.io/basic-auth <<EOT
username=dingrelay
password=$(random_token)
EOT
echo "read the admin token with: kubectl -n $NS get secret dingrelay-admin -o jsonpath='{.data.admin-token}' | base64 -d"
