#!/usr/bin/python3
"""Screenshots of the web workspace's main pages, as each demo role sees them (scripts/up.sh).

    scripts/page-screenshots.py BASE_URL SIGN_INS_FILE OUT_DIR

SIGN_INS_FILE is what `registry seed demo` prints under "demo sign-ins": a line per role, tab-separated role label,
login, password and name. For the clerk, the reviewer, the planner and the committee, the script signs in with headless Chromium (Debian's chromium
and chromium-driver, python3-selenium), follows every link of the navigation and saves one PNG per page:
OUT_DIR/<login>-<n>-<path>.png. It fails when a page answers with an error page or the console reports an error.
"""
import re
import sys
from pathlib import Path

from selenium.webdriver.common.by import By

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "Tests" / "Browser"))
from browser_support import chromium  # noqa: E402

ROLES = ("demo.clerk", "demo.reviewer", "demo.planner", "demo.committee")


def sign_ins(path):
    accounts = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.strip().split("\t")
        if len(parts) >= 3:
            accounts[parts[1]] = parts[2]
    return accounts


def check(driver, where):
    errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    if errors:
        raise SystemExit(f"{where}: console errors: {errors}")
    # The error page (web/templates/error.mustache) is the only one that sends the user back to the 工作台 this way.
    if driver.find_elements(By.XPATH, "//main//a[text()='返回工作台']"):
        raise SystemExit(f"{where}: an error page")


def shoot(driver, out, name):
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, max(700, min(height + 40, 4000)))
    driver.save_screenshot(str(out / f"{name}.png"))
    print(f"  {out / (name + '.png')}")


def pages_of(driver, base, login, password, out):
    driver.get(f"{base}/sign-in")
    driver.find_element(By.NAME, "login").send_keys(login)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form[action='/sign-in'] button[type=submit]").click()
    check(driver, f"{login} signing in")
    links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "nav a[href^='/'], nav a[href^='http']")]
    for number, href in enumerate(dict.fromkeys(links), start=1):
        driver.get(href)
        check(driver, href)
        slug = re.sub(r"[^a-z0-9]+", "-", href.removeprefix(base).lower()).strip("-") or "home"
        shoot(driver, out, f"{login.replace('.', '-')}-{number:02d}-{slug}")
    driver.delete_all_cookies()


def main():
    base, sign_ins_file, out = sys.argv[1].rstrip("/"), sys.argv[2], Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    accounts = sign_ins(sign_ins_file)
    driver = chromium(height=1000)
    try:
        driver.get(f"{base}/sign-in")
        check(driver, "/sign-in")
        shoot(driver, out, "sign-in")
        for login in ROLES:
            pages_of(driver, base, login, accounts[login], out)
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
