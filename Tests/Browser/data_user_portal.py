"""The data users and the public open data portal in a real browser (A28.1–A28.3): headless Chromium through
chromedriver, against a running demo registry. Each step saves a screenshot under out/screenshots/; any SEVERE message
on the browser's console fails (the item pages carry JSON-LD, which the CSP must not report).

    python3 Tests/Browser/data_user_portal.py BASE_URL SCREENSHOT_DIR

A citizen registers, applies for a conditionally open item and sees the application pending; files an objection with
an evidence file to an open item, which leaves the portal's search and item page at once; an anonymous visitor
searches the portal with two facets.
"""

import sys
import tempfile
from pathlib import Path

from selenium.webdriver.common.by import By

from browser_support import Run, expect

# A citizen identity number of 新城区 with its GB 11643 check digit (the demo registry has no such person).
FIRST17 = "15010219920815301"
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CITIZEN_ID = FIRST17 + "10X98765432"[sum(int(d) * w for d, w in zip(FIRST17, WEIGHTS)) % 11]
LOGIN = "browser.citizen"
PASSWORD = "a-long-browser-pass-phrase"


def first_result(run, query):
    """Opens the first item the portal search `query` lists; returns its address."""
    run.open("/open/search?" + query)
    links = run.driver.find_elements(By.CSS_SELECTOR, "ul.portal-results h3 a")
    expect(links, f"the portal lists nothing for {query}")
    run.follow(links[0])
    return run.driver.current_url.removeprefix(run.base)


def register(run):
    run.open("/register")
    run.shot("register")
    wrong = CITIZEN_ID[:-1] + ("1" if CITIZEN_ID[-1] != "1" else "2")
    for name, value in [("kind", "natural_person"), ("name", "浏览器测试公民"), ("citizen_id", wrong), ("login", LOGIN),
                        ("password", PASSWORD), ("password_repeated", PASSWORD)]:
        run.fill(name, value)
    run.press("注册")
    error = run.find("#citizen_id-error").text
    expect("第十三条" in error, f"the wrong check digit is not refused with 第十三条: {error}")
    run.shot("register-check-digit-refused", status=422)
    run.fill("citizen_id", CITIZEN_ID)
    run.fill("password", PASSWORD)
    run.fill("password_repeated", PASSWORD)
    run.press("注册")
    expect(run.driver.current_url.endswith("/my?done=registered"), f"registration did not sign in: {run.driver.current_url}")
    expect(CITIZEN_ID not in run.driver.page_source, "the citizen number is shown in full")
    run.shot("registered")


def apply(run):
    item = first_result(run, "open_type=conditional")
    expect(run.driver.find_elements(By.CSS_SELECTOR, 'script[type="application/ld+json"]'), "no JSON-LD on the item page")
    run.shot("conditional-item")
    run.follow(run.find("a.button"))
    for name, value in [("scenario", "研究城区医疗服务的可及性"), ("data_scope", "全部数据项,近三年"), ("delivery_method", "文件下载"),
                        ("security_measures", "专人专机处理,研究结束后销毁")]:
        run.fill(name, value)
    run.driver.execute_script("document.getElementById('time_limit').value = '2027-06-30'")
    run.press("提交申请")
    expect("已提交" in run.text(), "the application is not shown as submitted")
    run.shot("application-filed")
    run.open("/my")
    expect("待答复" in run.text(), "my applications do not show the application pending")
    run.shot("my-applications")
    return item


def object_to(run):
    item = first_result(run, "open_type=unconditional")
    name = run.find("h1").text
    run.follow(run.driver.find_element(By.LINK_TEXT, "提出异议"))
    run.fill("harm", "privacy")
    run.fill("description", "开放的数据含有可识别到我本人的门牌信息")
    evidence = Path(tempfile.mkdtemp()) / "证据.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% browser test evidence\n")
    run.find("#evidence_file").send_keys(str(evidence))
    run.shot("objection-form")
    run.press("提交异议")
    expect("中止开放" in run.text(), "the complainant does not see the item suspended")
    expect("证据.pdf" in run.text(), "the evidence file is not listed")
    run.shot("objection-filed")
    run.open("/open/search?q=" + name.split()[0])
    expect(f'href="{item}"' not in run.driver.page_source, "the portal's search still lists the item")
    run.shot("objected-item-not-in-search")
    run.open(item)
    expect("未找到" in run.text() or "不存在" in run.text(), f"the item page is still shown: {run.text()[:200]}")
    run.shot("objected-item-page-gone", status=404)


def facets(run):
    run.sign_out()
    run.open("/open")
    run.shot("portal-home")
    run.open("/open/search")
    run.follow(run.driver.find_element(By.CSS_SELECTOR, 'section[aria-labelledby="facet-open_type"] li a'))
    run.follow(run.driver.find_element(By.CSS_SELECTOR, 'section[aria-labelledby="facet-update_frequency"] li a'))
    chosen = run.driver.find_elements(By.CSS_SELECTOR, "p.chosen a")
    expect(len(chosen) == 2, f"two facets are not both chosen: {[c.text for c in chosen]}")
    expect(run.driver.find_elements(By.CSS_SELECTOR, "ul.portal-results li"), "two facets found nothing")
    run.shot("portal-two-facets")


def main(base, shots):
    run = Run("data-user-portal", base, shots)
    try:
        register(run)
        apply(run)
        object_to(run)
        facets(run)
    finally:
        run.driver.quit()
    expect(not run.errors, "console errors:\n" + "\n".join(run.errors))
    print(f"browser test passed: {run.step} screenshots, no console errors")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
