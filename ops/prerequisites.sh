# Sourced by ops/demo, ops/test and ops/bench: makes sure a fresh machine has what the build and the managed
# PostgreSQL need, installing it when it can (root or password-less sudo with apt-get, or Homebrew).
# Needs: a Swift 6 toolchain (not installed here: see README), libpq's and libcrypto's headers and pkg-config files, the
# PostgreSQL server programs (initdb, pg_ctl, postgres) and psql.

have_libpq() {
    pkg-config --exists libpq 2>/dev/null || [ -f /usr/include/postgresql/libpq-fe.h ] || [ -f /usr/include/libpq-fe.h ]
}

have_libcrypto() {
    pkg-config --exists libcrypto 2>/dev/null
}

have_server() {
    if [ -n "${EVIDENCE_LEDGER_PG_BINDIR:-}" ]; then
        [ -x "$EVIDENCE_LEDGER_PG_BINDIR/initdb" ] && [ -x "$EVIDENCE_LEDGER_PG_BINDIR/pg_ctl" ]
        return
    fi
    local bindir
    bindir=$(pg_config --bindir 2>/dev/null || true)
    if [ -n "$bindir" ] && [ -x "$bindir/initdb" ] && [ -x "$bindir/pg_ctl" ]; then return 0; fi
    for bindir in /usr/lib/postgresql/*/bin /opt/homebrew/opt/postgresql*/bin /usr/local/opt/postgresql*/bin; do
        if [ -x "$bindir/initdb" ] && [ -x "$bindir/pg_ctl" ]; then return 0; fi
    done
    command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1
}

have_psql() {
    command -v psql >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/psql >/dev/null 2>&1
}

ensure_prerequisites() {
    if ! command -v swift >/dev/null 2>&1; then
        echo "evidence-ledger: a Swift 6 toolchain is needed and 'swift' is not on PATH: see https://www.swift.org/install/ (README: Prerequisites)" >&2
        exit 69
    fi
    if have_libpq && have_libcrypto && have_server && have_psql && command -v pkg-config >/dev/null 2>&1; then
        return 0
    fi
    echo "evidence-ledger: installing PostgreSQL and libpq (server programs, psql, headers)…" >&2
    if command -v apt-get >/dev/null 2>&1; then
        local sudo=""
        if [ "$(id -u)" -ne 0 ]; then
            if sudo -n true 2>/dev/null; then sudo="sudo -n"; else
                echo "evidence-ledger: run as root, or install them yourself: sudo apt-get install postgresql libpq-dev libssl-dev pkg-config" >&2
                exit 69
            fi
        fi
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
        # The server's package is only used for its programs: the managed cluster is our own, so Debian's
        # default cluster is not created.
        $sudo mkdir -p /etc/postgresql-common/createcluster.d
        echo "create_main_cluster = false" | $sudo tee /etc/postgresql-common/createcluster.d/evidence-ledger.conf >/dev/null
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql libpq-dev libssl-dev pkg-config >&2
    elif command -v brew >/dev/null 2>&1; then
        brew install postgresql@16 openssl@3 pkg-config >&2
        export PATH="$(brew --prefix postgresql@16)/bin:$PATH"
        export PKG_CONFIG_PATH="$(brew --prefix postgresql@16)/lib/pkgconfig:$(brew --prefix openssl@3)/lib/pkgconfig:${PKG_CONFIG_PATH:-}"
    else
        echo "evidence-ledger: install PostgreSQL 15 or newer (server programs and psql) and libpq's headers, then run this again" >&2
        exit 69
    fi
    if ! (have_libpq && have_libcrypto && have_server && have_psql); then
        echo "evidence-ledger: PostgreSQL or libpq is still missing after installing: see README, Prerequisites" >&2
        exit 69
    fi
}

have_browser() {
    [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && /usr/bin/python3 -c 'import selenium' >/dev/null 2>&1
}

# For the test suite's browser test (Tests/Browser/walkthrough.py): headless Chromium, chromedriver and Selenium,
# from Debian's packages. Where they cannot be installed, the test run says so and stops; set
# EVIDENCE_LEDGER_SKIP_BROWSER=1 to run the suite without the browser test.
ensure_browser_prerequisites() {
    if [ "${EVIDENCE_LEDGER_SKIP_BROWSER:-}" = "1" ] || have_browser; then
        return 0
    fi
    echo "evidence-ledger: installing Chromium, chromedriver and Selenium for the browser test…" >&2
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if sudo -n true 2>/dev/null; then sudo="sudo -n"; else sudo="none"; fi
    fi
    if ! command -v apt-get >/dev/null 2>&1 || [ "$sudo" = "none" ]; then
        echo "evidence-ledger: the browser test needs chromium, chromium-driver and python3-selenium (Debian's packages); install them, or set EVIDENCE_LEDGER_SKIP_BROWSER=1" >&2
        exit 69
    fi
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver python3-selenium >&2 \
        || { $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver python3-selenium >&2; }
    if ! have_browser; then
        echo "evidence-ledger: Chromium, chromedriver or Selenium is still missing: see README, Prerequisites (or set EVIDENCE_LEDGER_SKIP_BROWSER=1)" >&2
        exit 69
    fi
}
