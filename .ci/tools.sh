#!/usr/bin/env bash
# Installs the pinned spec tools into ignored folders under .ci/, and nowhere else:
#   .ci/node_modules  Redocly CLI (lint, diff) and openapi-diff, from package-lock.json
#   .ci/venv          openapi-spec-validator, from requirements.txt
# A fresh CI machine has neither, so every script that needs them sources this first. Each
# install is skipped when its folder was made from the same lock file: local reruns stay fast.
set -euo pipefail

# A subshell, so that sourcing this does not move the caller to another directory.
(
    cd "$(dirname "${BASH_SOURCE[0]}")"

    # `npm ci` installs exactly the lock file (and fails if package.json disagrees with it);
    # --ignore-scripts: these tools need no install scripts, so none run.
    if ! cmp -s package-lock.json node_modules/.installed-from-lock 2>/dev/null; then
        echo "installing Redocly CLI and openapi-diff into .ci/node_modules"
        npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
        cp package-lock.json node_modules/.installed-from-lock
    fi

    # Every package is pinned in requirements.txt, so --no-deps installs exactly that list.
    if ! cmp -s requirements.txt venv/.installed-from-requirements 2>/dev/null; then
        echo "installing openapi-spec-validator into .ci/venv"
        rm -rf venv
        python3 -m venv venv
        venv/bin/pip install --quiet --disable-pip-version-check --no-deps -r requirements.txt
        cp requirements.txt venv/.installed-from-requirements
    fi
)

# Redocly would otherwise send usage data and look for updates (no network here but registries).
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
