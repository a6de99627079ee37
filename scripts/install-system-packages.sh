#!/usr/bin/env bash
# Install the few Debian packages the project needs, only those that are missing.
#   libpango / libharfbuzz-subset0: WeasyPrint renders (and subsets fonts) with them.
#   chromium: the browser tests drive it headless.
#   poppler-utils: pdftoppm, to look at rendered PDFs as images.
#   zbar-tools: zbarimg, so that tests read the QR code printed on a certificate.
#   gettext: compiles the translations.
#   python3-venv: creates the virtualenv (Debian ships venv separately).
#   postgresql-client: pg_dump and pg_restore for `manage.py backup` and `restore`.
#   redis-server: the tests start their own Redis (tests/operations/conftest.py).
set -euo pipefail

packages=(python3-venv postgresql-client redis-server libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 chromium poppler-utils zbar-tools gettext)
missing=()
for pkg in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing system packages: ${missing[*]}. Install them with your package manager." >&2
    exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
echo "Installing system packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
