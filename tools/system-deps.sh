#!/usr/bin/env bash
# System software that `make` targets need beyond Python 3.11 and make.
#   tools/system-deps.sh venv   what creating .venv needs (Debian's python3-venv)
#   tools/system-deps.sh test   everything the tests use (browser, LibreOffice, poppler, CJK fonts, Node.js)
# Installs what is missing when the user may (root, or sudo without a password) and says so;
# otherwise stops at once with the one command to run.
set -uo pipefail

mode="${1:-test}"
python="${PYTHON:-python3}"
need=()

"$python" -c "import ensurepip, venv" >/dev/null 2>&1 || need+=(python3-venv)
if [ "$mode" = test ]; then
  [ -x "${CHROMIUM:-/usr/bin/chromium}" ] || need+=(chromium)          # browser tests (Playwright drives it)
  command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer)     # Word files are reopened and rendered
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)         # rendered pages to PNG and text
  [ "$(fc-list 2>/dev/null | grep -ci cjk)" -gt 0 ] || need+=(fonts-noto-cjk)  # Chinese text in rendered pages (no grep -q: SIGPIPE under pipefail)
  command -v node >/dev/null 2>&1 || need+=(nodejs)                    # the checker's JavaScript engine
  command -v npm >/dev/null 2>&1 || need+=(npm)                        # axe-core for the accessibility tests
fi
[ ${#need[@]} -eq 0 ] && exit 0

command_line="apt-get install -y --no-install-recommends ${need[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "缺少测试所需的系统软件：${need[*]}（Debian 软件包名）。这台机器没有 apt-get，请用本系统的包管理器安装后重新运行 make ${mode}。" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
  sudo=(sudo -n)
else
  echo "缺少测试所需的系统软件：${need[*]}。请先运行下面这条命令，再重新运行 make ${mode}：" >&2
  echo "  sudo $command_line" >&2
  exit 1
fi

echo "正在安装缺少的系统软件：${need[*]}（apt-get，需要几分钟）……"
log="$(mktemp)"
if ! { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
       "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"; } >"$log" 2>&1; then
  echo "安装失败。apt-get 的最后几行输出：" >&2
  tail -n 5 "$log" >&2
  echo "请处理上面的问题后手动运行：${sudo:+sudo }$command_line，再重新运行 make ${mode}。" >&2
  rm -f "$log"
  exit 1
fi
rm -f "$log"
echo "已安装：${need[*]}"
