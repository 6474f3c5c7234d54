"""A share request filed and withdrawn in a real browser (A20.2, A23.2): headless Chromium through chromedriver, against
a running demo registry. Each step saves a screenshot under out/screenshots/; any SEVERE message on the browser's
console fails.

    python3 Tests/Browser/sharing_withdrawal.py BASE_URL SCREENSHOT_DIR

demo.clerk.other (呼伦贝尔市教育局) finds a conditional item of the region's health commission, files a request for it,
tries to withdraw it without ticking the confirmation (refused beside the box), then withdraws it with a reason.
"""

import sys

from selenium.webdriver.common.by import By

from browser_support import OTHER_CLERK, Run, expect


def file_request(run):
    run.open("/sharing/catalog")
    run.fill("q", "预防接种")
    run.press("查找")
    links = run.driver.find_elements(By.CSS_SELECTOR, "main a[href^='/sharing/requests/new?item=']")
    expect(links, "the search found no item to request")
    run.follow(links[0])
    run.fill("scenario", "浏览器测试:核对辖区学生预防接种情况")
    run.find("input[name='data_items[]']").click()
    run.fill("mode", "interface")
    run.driver.execute_script("arguments[0].value = '2027-12-31'", run.find("input[name='end_date']"))
    run.fill("purpose", "use")
    run.find("input[name='commitment']").click()
    run.press("提交申请")
    expect("/sharing/requests/" in run.driver.current_url, "filing did not lead to the request's page")
    expect("已提交" in run.text(), "the request is not shown as filed")
    run.shot("request-filed")


def withdraw_unconfirmed(run):
    run.fill("withdrawal_reason", "浏览器测试:需求已取消")
    run.press("撤回申请")
    error = run.find("#confirm_withdrawal-error").text
    expect("确认撤回" in error, f"the refusal is not beside the confirmation: {error}")
    expect(run.find("textarea[name='withdrawal_reason']").get_attribute("value") == "浏览器测试:需求已取消", "the reason typed was lost")
    run.shot("withdrawal-unconfirmed", status=422)


def withdraw(run):
    run.find("input[name='confirm_withdrawal']").click()
    run.press("撤回申请")
    text = run.text()
    expect("已撤回,数源部门不再办理" in text, "no notice of the withdrawal")
    expect("浏览器测试:需求已取消" in text, "the reason is not in the request's history")
    expect(not [b for b in run.driver.find_elements(By.CSS_SELECTOR, "main button") if b.text.strip() == "撤回申请"],
           "a withdrawn request still offers its withdrawal")
    run.shot("request-withdrawn")


def main(base, shots):
    run = Run("sharing-withdrawal", base, shots)
    try:
        run.sign_in(OTHER_CLERK)
        file_request(run)
        withdraw_unconfirmed(run)
        withdraw(run)
        run.sign_out()
    finally:
        run.driver.quit()
    expect(not run.errors, "console errors:\n" + "\n".join(run.errors))
    print(f"browser test passed: {run.step} screenshots, no console errors")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
