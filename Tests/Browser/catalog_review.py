"""The catalog's review in a real browser: headless Chromium through chromedriver, against a running demo
registry. Each step saves a screenshot under out/screenshots/; any SEVERE message on the browser's console fails.

    python3 Tests/Browser/catalog_review.py BASE_URL SCREENSHOT_DIR

Signs in as demo.clerk, demo.reviewer (of the authority that decides the clerk's catalog) and demo.clerk.other (a clerk
of another institution).
"""

import sys
import time

from selenium.webdriver.common.by import By

from browser_support import CLERK, OTHER_CLERK, REVIEWER, Run, expect


def open_draft(run):
    """The clerk's catalog with a draft open: opens the catalog or a draft when there is none; returns its address."""
    run.open("/catalog")
    if "编制本机构目录" in run.text():
        run.press("编制本机构目录")
    links = run.driver.find_elements(By.CSS_SELECTOR, "p.notice a")
    if links:
        run.follow(links[0])
    else:
        run.fill("note", "浏览器测试:新增医疗机构名录")
        run.press("新建草稿版本")
    expect("/catalog-versions/" in run.driver.current_url, "no draft version page")
    return run.driver.current_url.removeprefix(run.base)


def add_item_with_mistake(run, draft):
    run.open(draft + "/items/new")
    code = f"WEB-{int(time.time())}"
    run.fill("code", code)
    run.fill("name", "浏览器测试医疗机构名录")
    run.fill("item_name[]", "机构名称")
    for name, value in [
        ("share_type", "conditional"), ("share_conditions", "仅限履行法定职责使用"), ("share_reason", "含个人信息"),
        ("share_scope", "全区政务部门"), ("open_type", "not_open"), ("not_open_ground", "privacy"),
        ("collecting_department", "本机构"), ("approving_department", "本机构"), ("providing_department", "本机构"),
        ("category_code", "government.services"), ("grade", "general"),
    ]:
        run.fill(name, value)
    run.press("增加一行")
    expect(run.driver.find_elements(By.ID, "item-name-3"), "增加一行 did not add a row")
    run.press("保存条目")
    error = run.find("#share_legal_basis-error").text
    expect("第二十一条" in error, f"the refusal does not name 第二十一条: {error}")
    label = run.find("label[for='share_legal_basis']").text
    expect("法律、法规依据" in label, "the refused field is not named")
    run.shot("refused-item", status=422)


def fix_and_submit(run, draft):
    run.fill("share_legal_basis", "《中华人民共和国个人信息保护法》第三十四条")
    run.press("保存条目")
    expect(run.driver.current_url.endswith(draft), "saving did not return to the version")
    expect("浏览器测试医疗机构名录" in run.text(), "the item is not on the version")
    run.shot("item-saved")
    run.press("提交审核")
    expect("待审核" in run.text(), "the version was not submitted")
    run.shot("submitted")


def review(run, draft, decision):
    run.sign_in(REVIEWER)
    run.open("/reviews")
    expect(run.driver.find_elements(By.CSS_SELECTOR, f"a[href='{draft}']"), "the version is not in the review queue")
    run.shot(f"review-queue-{decision}")
    run.open(draft)
    expect("与现行目录的比较" in run.text() and "浏览器测试医疗机构名录" in run.text(), "no side-by-side diff")
    if decision == "return":
        run.fill("reason", "共享范围过宽,请限定为卫生健康部门")
        run.press("退回并说明理由")
        expect("已退回" in run.text(), "the version was not returned")
    else:
        run.press("审核通过")
        expect("审核通过" in run.find("h1").text, "the version was not approved")
    run.shot(f"reviewer-{decision}")
    run.sign_out()


def resubmit(run, draft):
    run.sign_in(CLERK)
    run.open(draft)
    expect("共享范围过宽" in run.text(), "the clerk does not see the reviewer's reason")
    run.shot("clerk-sees-reason")
    run.press("重新打开为草稿并修改")
    run.follow(run.driver.find_element(By.LINK_TEXT, "修改此条目"))
    run.fill("share_scope", "全区卫生健康部门")
    run.press("保存条目")
    run.press("提交审核")
    expect("待审核" in run.text(), "the version was not submitted again")
    run.shot("resubmitted")
    run.sign_out()


def other_clerk_refused(run, draft):
    run.sign_in(OTHER_CLERK)
    run.open(draft)
    expect("无权访问" in run.text() or "未找到" in run.text(), "another institution's clerk opened the draft")
    expect("浏览器测试医疗机构名录" not in run.driver.page_source, "another institution's draft leaked")
    run.shot("other-clerk-refused", status=403)


def sign_out_and_back(run):
    run.sign_out()
    expect("/sign-in" in run.driver.current_url, "sign-out did not land on the sign-in page")
    run.driver.back()
    expect("/sign-in" in run.driver.current_url or run.find("h1").text == "登录", "Back did not show the sign-in page")
    expect(run.find("h1").text == "登录", "Back showed a signed-in page")
    run.shot("signed-out-back")


def main(base, shots):
    run = Run("catalog-review", base, shots)
    try:
        run.sign_in(CLERK)
        draft = open_draft(run)
        add_item_with_mistake(run, draft)
        fix_and_submit(run, draft)
        run.sign_out()
        review(run, draft, "return")
        resubmit(run, draft)
        review(run, draft, "approve")
        other_clerk_refused(run, draft)
        sign_out_and_back(run)
    finally:
        run.driver.quit()
    expect(not run.errors, "console errors:\n" + "\n".join(run.errors))
    print(f"browser test passed: {run.step} screenshots, no console errors")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
