"""A clerk's ledger import in a real browser: headless Chromium through chromedriver, against a
running demo registry. Each step saves a screenshot under out/screenshots/; any SEVERE message on the browser's console
fails.

    python3 Tests/Browser/workspace_import.py BASE_URL SCREENSHOT_DIR

demo.clerk.other uploads a generated CSV ledger of 12,000 catalog items, every 500th conditionally shared without a
condition, a reason or a legal basis (A21.1). The upload is answered at once with the job's page, which shows the
progress and reloads itself until the service's import runner has stored the ledger in chunks; then it shows the stored
rows and the refused lines, with their article as 第二十一条. (The other clerk's draft: the review test works on the
demo clerk's.)
"""

import csv
import sys
import tempfile
import time
from pathlib import Path

from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from browser_support import OTHER_CLERK, Run, expect

ROWS = 12_000
BAD_EVERY = 500
# A reload may replace the page while it is read: Chromium reports an element gone as stale, or, when the reload comes
# in the middle of reading it, as an inspector error ("Node with given id does not belong to the document"). The waits
# that ignore these still end with their own message when the page never shows what they wait for.
RELOADING = (NoSuchElementException, StaleElementReferenceException, WebDriverException)
# The region's public data authority in the demo registry (SeedIdentifiers.publicBody(division: "150000", serial: 1)).
SOURCE = "11150000MB0000001F"
COLUMNS = ["code", "name", "data_form", "data_items", "share_type", "share_scope", "open_type", "open_conditions",
           "update_frequency", "collecting_department", "approving_department", "providing_department",
           "source_institution", "category_scheme", "category_code", "grade"]


def ledger(directory):
    """Writes the ledger; returns its path. A stamp in the codes keeps a second run from meeting the first's items."""
    stamp = int(time.time())
    path = Path(directory) / "目录台账.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        out = csv.writer(file)
        out.writerow(COLUMNS)
        for n in range(1, ROWS + 1):
            share = "conditional" if n % BAD_EVERY == 0 else "unconditional"
            out.writerow([f"IMP-{stamp}-{n:05d}", f"导入的数据资源{n}", "database_table",
                          '[{"name":"机构名称","type":"string"}]', share, "全区政务部门", "conditional", "面向科研机构",
                          "monthly", "卫生健康统计科", "卫生健康统计科", "卫生健康统计科", SOURCE, "NM-2024",
                          "base.population", "general"])
    return path


def upload(run, directory):
    run.sign_in(OTHER_CLERK)
    run.open("/catalog/import")
    expect("导入目录条目" in run.text(), "no import form")
    run.find('input[type="file"]').send_keys(str(ledger(directory)))
    run.shot("import-form")
    run.press("导入")
    expect("/catalog/import/jobs/" in run.driver.current_url, "the upload did not answer with the job's page")
    expect(run.driver.find_elements(By.CSS_SELECTOR, 'meta[http-equiv="refresh"]'), "the job's page does not reload itself")
    run.shot("import-job-started")


def follow_progress(run):
    """Waits for a reload showing rows done of the total, then for the result."""
    try:
        WebDriverWait(run.driver, 120, poll_frequency=0.2, ignored_exceptions=RELOADING).until(
            lambda driver: driver.find_elements(By.CSS_SELECTOR, "progress[max]") or "导入结果" in run.text())
    except Exception:
        raise AssertionError("the job's page never showed progress or a result")
    if run.driver.find_elements(By.CSS_SELECTOR, "progress[max]"):
        expect("已处理" in run.text() or "导入结果" in run.text(), "the progress names no rows")
        run.shot("import-job-progress")
    WebDriverWait(run.driver, 300, poll_frequency=0.5, ignored_exceptions=RELOADING).until(lambda driver: "导入结果" in run.text())
    text = run.text()
    refused = ROWS // BAD_EVERY
    expect(f"{ROWS:,} 行" in text and f"{ROWS - refused:,} 行" in text and f"{refused} 行" in text, "wrong counts")
    expect("第二十一条" in text and "A21" not in text, "the refused lines do not name 第二十一条")
    expect(not run.driver.find_elements(By.CSS_SELECTOR, 'meta[http-equiv="refresh"]'), "the ended job still reloads")
    run.shot("import-job-result")
    run.open("/catalog/import")
    expect("已完成" in run.text(), "the form does not list the ended job")
    run.shot("import-jobs-listed")
    run.sign_out()


def main(base, shots):
    run = Run("workspace-import", base, shots)
    try:
        with tempfile.TemporaryDirectory() as directory:
            upload(run, directory)
            follow_progress(run)
    finally:
        run.driver.quit()
    expect(not run.errors, "console errors:\n" + "\n".join(run.errors))
    print(f"browser test passed: {run.step} screenshots, no console errors")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
