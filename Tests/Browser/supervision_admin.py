"""The authorities' case pages and the administrator's pages in a real browser: headless Chromium through
chromedriver, against a running demo registry. Each step saves a screenshot under out/screenshots/; any SEVERE message
on the browser's console fails.

    python3 Tests/Browser/supervision_admin.py BASE_URL SCREENSHOT_DIR

1. demo.reviewer.region (the region's authority) investigates and concludes the open report of unlawful use (A46.1),
   coordinates the waiting dispute, refers it to the expert committee (A47.1), sees the suspensions in force (A50.1),
   finds a data user that no case names and suspends its access — refused first without the reason, beside the field
   citing 第五十条 (A50.1) — and records a sharing risk assessment (A35.2).
2. demo.committee records its recommendation on the dispute; the authority decides it (A47.1).
3. demo.admin is refused an account without its institution beside the field, opens it with one and sees its
   one-time password link, lists the institutions, and loads 2027's official arrangement (W.2).
"""

import sys

from selenium.webdriver.common.by import By

from browser_support import COMMITTEE, REGION_REVIEWER, Run, expect

ADMIN = ("demo.admin", "demo-admin-2026")


def small(run):
    """Every page stays under 100 KB of HTML."""
    size = len(run.driver.execute_script("return document.documentElement.outerHTML").encode("utf-8"))
    expect(size < 100_000, f"{run.driver.current_url} is {size} bytes")


def open_row(run, state):
    """Follows the first row's link of the list whose state cell reads `state`."""
    rows = [a for a in run.driver.find_elements(By.CSS_SELECTOR, "main table a")
            if state in a.find_element(By.XPATH, "./ancestor::tr").text]
    expect(rows, f"no row {state!r} on {run.driver.current_url}")
    run.follow(rows[0])


def authority(run):
    run.sign_in(REGION_REVIEWER)
    run.open("/supervision/unlawful-use-reports")
    expect("举报处理" in run.text() and "已受理" in run.text(), "no open report of unlawful use")
    small(run)
    run.shot("unlawful-use-reports")
    open_row(run, "已受理")
    expect("匿名举报人" in run.text() and "第四十六条" in run.text(), "the report does not protect its reporter")
    run.fill("note", "已调取接口访问日志")
    run.press("开始核查")
    expect("已开始核查" in run.text(), "the investigation did not start")
    run.press("办结举报")
    expect("须写明处理结果" in run.text(), "a blank outcome was not refused beside its field")
    run.shot("unlawful-use-report-refused", status=422)
    run.fill("outcome", "已关停相关账号并移送公安机关")
    run.press("办结举报")
    expect("举报已办结" in run.text(), "the report was not concluded")
    run.shot("unlawful-use-report-concluded")

    run.open("/supervision/disputes")
    small(run)
    run.shot("disputes")
    open_row(run, "已提请协调")
    dispute = run.driver.current_url.split("?")[0].removeprefix(run.base)
    run.fill("note", "组织双方核对开放数据来源")
    run.press("开始协调")
    run.fill("referral_question", "开放数据中含他方提供的未开放数据时应如何处理")
    run.press("提交专家委员会研究")
    expect("已提交专家委员会研究" in run.text(), "the dispute was not referred")
    run.shot("dispute-referred")

    run.open("/supervision/suspensions")
    expect("超出约定用途使用开放数据" in run.text(), "the data user's suspension is not listed")
    small(run)
    run.shot("suspensions")

    run.open("/supervision/suspensions/new")
    run.fill("q", "公共管理研究中心")
    run.press("查找")
    expect("内蒙古大学公共管理研究中心" in run.text(), "the data user was not found")
    run.shot("suspension-search")
    run.follow(run.find('main table a[href*="account="]'))
    run.fill("clause", "A50(4)")
    run.driver.execute_script("document.getElementById('found_on').value = '2026-11-30'")
    run.driver.execute_script("document.getElementById('rectification_due').value = '2026-12-31'")
    run.press("暂停获取权限并责令整改")
    expect("须写明违规事实" in run.text() and "第五十条" in run.text(), "a blank reason was not refused beside its field")
    expect(run.find("#rectification_due").get_attribute("value") == "2026-12-31", "the form lost what was typed")
    run.shot("suspension-refused", status=422)
    run.fill("description", "未采取约定的安全保障措施存储下载的开放数据")
    run.press("暂停获取权限并责令整改")
    expect("已暂时关闭其获取相关公共数据的权限" in run.text() and "第五十条第(四)项" in run.text(), "the access was not suspended")
    run.shot("suspension-recorded")
    run.open("/supervision/suspensions")
    expect("未采取约定的安全保障措施存储下载的开放数据" in run.text(), "the new suspension is not listed")

    run.open("/supervision/risk-reviews")
    run.fill("kind", "risk_assessment")
    run.driver.execute_script("document.getElementById('checked_on').value = '2026-11-30'")
    run.fill("findings", "共享交换平台接口鉴权完备,个别接口未限制调用频率")
    run.fill("issues_found", "1")
    run.fill("measures", "已为全部接口设置调用频率上限")
    run.press("记录")
    expect("已记录" in run.text() and "已为全部接口设置调用频率上限" in run.text(), "the risk assessment was not recorded")
    small(run)
    run.shot("risk-reviews")
    run.sign_out()
    return dispute


def committee(run, dispute):
    run.sign_in(COMMITTEE)
    run.open(dispute)
    run.fill("recommendation", "建议撤回相关数据,核实来源后再行开放")
    run.press("记录专业建议")
    expect("专业建议已记录" in run.text(), "the recommendation was not recorded")
    run.shot("dispute-recommended")
    run.sign_out()
    run.sign_in(REGION_REVIEWER)
    run.open(dispute)
    run.fill("decision", "采纳专家委员会建议,撤回相关数据并核实来源")
    run.press("作出决定")
    expect("已作出决定" in run.text() and "已决定" in run.text(), "the dispute was not decided")
    small(run)
    run.shot("dispute-decided")
    run.sign_out()


def admin(run):
    run.sign_in(ADMIN)
    run.open("/admin/accounts/new")
    run.fill("role", "clerk")
    run.fill("display_name", "浏览器测试登记员")
    run.fill("login", "browser.clerk")
    run.press("开设账户")
    expect("须与其角色对应的主体关联" in run.text(), "a clerk without institution was not refused beside the field")
    run.shot("account-refused", status=422)
    run.open("/admin/institutions")
    small(run)
    run.shot("institutions")
    uscc = run.driver.find_elements(By.CSS_SELECTOR, "main table tbody tr td")[1].text
    run.open("/admin/accounts/new")
    run.fill("role", "clerk")
    run.fill("display_name", "浏览器测试登记员")
    run.fill("institution", uscc)
    run.fill("login", "browser.clerk")
    run.press("开设账户")
    expect("账户已开设" in run.text() and "/password/setup?token=" in run.text(), "no one-time password link")
    run.shot("account-created")
    run.open("/admin/calendar")
    expect("导入某一年的国务院节假日安排" in run.text(), "no form to load a year")
    small(run)
    run.shot("calendar")
    run.fill("year", "2027")
    run.fill("source", "浏览器测试:2027年部分节假日安排")
    run.fill("days", "date,kind,holiday\n2027-01-01,off,元旦\n2027-10-01,off,国庆节\n")
    run.press("导入")
    expect("2027 年的国务院节假日安排已导入" in run.text() and "2024–2027" in run.text(), "the year was not loaded")
    run.shot("calendar-loaded")
    run.sign_out()


def main():
    base, shots = sys.argv[1], sys.argv[2]
    run = Run("supervision-admin", base, shots)
    try:
        dispute = authority(run)
        committee(run, dispute)
        admin(run)
    finally:
        run.driver.quit()
    expect(not run.errors, "console errors:\n" + "\n".join(run.errors))
    print("supervision_admin: passed")


if __name__ == "__main__":
    main()
