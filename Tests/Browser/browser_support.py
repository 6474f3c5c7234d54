"""What the browser tests share: one headless Chromium (Debian's chromium, chromium-driver and python3-selenium) driven
against a running demo registry, screenshots of every step under out/screenshots/, and the console's errors collected.

Each test is a script of Tests/Browser/ run by scripts/browser-test.sh as

    /usr/bin/python3 Tests/Browser/<test>.py BASE_URL SCREENSHOT_DIR

and names its screenshots browser-<test>-NN-<step>.png.
"""

from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

# The demo sign-ins of `registry seed demo` (printed by scripts/up.sh).
CLERK = ("demo.clerk", "demo-clerk-2026")
OTHER_CLERK = ("demo.clerk.other", "demo-clerk-2026")
REVIEWER = ("demo.reviewer", "demo-reviewer-2026")
REGION_REVIEWER = ("demo.reviewer.region", "demo-reviewer-2026")
PLANNER = ("demo.planner", "demo-planner-2026")
COMMITTEE = ("demo.committee", "demo-committee-2026")


def chromium(width=1280, height=1600):
    """A headless Chromium that keeps the console's messages."""
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={width},{height}", "--lang=zh-CN"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


class Run:
    """One browser, the service's address and the screenshots taken so far."""

    def __init__(self, test, base, shots):
        self.driver = chromium()
        self.test = test
        self.base = base.rstrip("/")
        self.shots = Path(shots)
        self.shots.mkdir(parents=True, exist_ok=True)
        self.step = 0
        self.errors = []

    def open(self, path):
        self.driver.get(self.base + path)

    def find(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def text(self):
        return self.find("main").text

    def fill(self, name, value):
        field = self.find(f'[name="{name}"]')
        if field.tag_name == "select":
            Select(field).select_by_value(value)
        else:
            field.clear()
            field.send_keys(value)

    def press(self, label):
        """Clicks the button labelled `label` in the page's main part."""
        buttons = [b for b in self.driver.find_elements(By.CSS_SELECTOR, "main button") if b.text.strip() == label]
        expect(buttons, f"no button {label!r} on {self.driver.current_url}")
        self.follow(buttons[0])

    def follow(self, element):
        """Clicks `element` and waits until the browser has left the page (every button and link here navigates)."""
        self.driver.execute_script("window.registryOldPage = true")
        element.click()
        WebDriverWait(self.driver, 15).until(
            lambda driver: driver.execute_script("return !window.registryOldPage && document.readyState === 'complete'"))

    def shot(self, name, status=None):
        """Saves the step's screenshot (the whole page) and collects the console's errors so far; `status` is the
        page's own status when the step expects a refusal (422, 403), which Chromium reports on the console too."""
        self.step += 1
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        self.driver.set_window_size(1280, max(900, min(height + 40, 6000)))
        path = self.shots / f"browser-{self.test}-{self.step:02d}-{name}.png"
        self.driver.save_screenshot(str(path))
        self.driver.set_window_size(1280, 1600)
        expected = f"{self.driver.current_url} - Failed to load resource: the server responded with a status of {status} "
        for entry in self.driver.get_log("browser"):
            if entry["level"] == "SEVERE" and not (status and entry["message"].startswith(expected)):
                self.errors.append(f"{name}: {entry['message']}")
        print(f"  {path.name}")

    def sign_in(self, login):
        self.open("/sign-in")
        self.fill("login", login[0])
        self.fill("password", login[1])
        self.press("登录")
        expect(self.driver.current_url.endswith("/workspace"), f"{login[0]} did not reach the workspace")

    def sign_out(self):
        self.follow(self.driver.find_element(By.CSS_SELECTOR, "header form[action='/sign-out'] button"))


def expect(condition, message):
    if not condition:
        raise AssertionError(message)
