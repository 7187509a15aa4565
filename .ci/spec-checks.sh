#!/usr/bin/env bash
# Validates openapi.yaml against the official OpenAPI 3.0 schema (openapi-spec-validator) and
# lints it with the committed ruleset .ci/redocly.yaml (Redocly CLI). Either one's error fails.
# `cargo test --test spec` owns the documentation rules (tests/spec/lint.rs; the top of
# .ci/redocly.yaml says which) and checks what these tools cannot: examples against the generated
# Rust types, the generated-code snapshot and the broken-spec fixtures.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=.ci/tools.sh
source .ci/tools.sh

spec=${1:-openapi.yaml}

echo "openapi-spec-validator $spec"
.ci/venv/bin/openapi-spec-validator "$spec"

echo "redocly lint $spec (ruleset .ci/redocly.yaml)"
# --lint-config error: a typo in the ruleset fails instead of silently disabling a rule.
.ci/node_modules/.bin/redocly lint --config .ci/redocly.yaml --lint-config error \
    --format stylish "$spec"
