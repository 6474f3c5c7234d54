"""The planner's and the assessment committee's pages in a real browser: headless Chromium through chromedriver,
against a running demo registry. Each step saves a screenshot under out/screenshots/; any SEVERE message on the
browser's console fails.

    python3 Tests/Browser/planner_committee.py BASE_URL SCREENSHOT_DIR

1. demo.planner (of the region's authority) amends the year's open plan with a reason — or drafts it when none is
   published —, picks an item from the catalog, publishes, and the progress view shows it (A26.1).
2. demo.committee adjusts a score of the region's computed assessment with a remark holding a script and a
   javascript: link, previews and saves it; demo.reviewer.region (the authority, which publishes, A39.1) publishes;
   the assessment report shows the remark as inert text (A41.1, RP.1).
"""

import sys

from selenium.webdriver.common.by import By

from browser_support import COMMITTEE, PLANNER, REGION_REVIEWER, Run, expect

REMARK = "复核后调整。<script>alert(1)</script> 详见 [x](javascript:alert(1))"


def small(run):
    """Every page of the workspace stays under 100 KB of HTML."""
    size = len(run.driver.execute_script("return document.documentElement.outerHTML").encode("utf-8"))
    expect(size < 100_000, f"{run.driver.current_url} is {size} bytes")


def plan(run):
    run.sign_in(PLANNER)
    run.open("/plans")
    year = run.find("#year-pick").get_attribute("value")
    run.shot("plans")
    drafts = run.driver.find_elements(By.LINK_TEXT, "继续编辑草稿")
    if drafts:
        run.follow(drafts[0])
    else:
        run.fill("priorities", "优先开放**与民生紧密相关**的数据。")
        if run.driver.find_elements(By.NAME, "amendment_note"):
            run.fill("amendment_note", "浏览器测试:增补一项民生数据")
            run.press("生成修订版本")
        else:
            run.press("新建开放计划")
    expect("/plans/" in run.driver.current_url, "no plan page")
    plan_page = run.driver.current_url
    run.fill("q", "医疗")
    run.press("查找")
    picks = run.driver.find_elements(By.LINK_TEXT, "选择")
    expect(picks, "the catalog search found nothing to pick")
    run.follow(picks[0])
    run.fill("open_type", "conditional")
    run.driver.execute_script(f"document.getElementById('target_date').value = '{year}-12-31'")
    run.fill("livelihood", "true")
    run.shot("item-picked")
    run.press("列入计划")
    expect("已列入计划" in run.text(), "the item was not added")
    run.press("公布开放计划")
    expect("开放计划已公布" in run.text() and "已公布" in run.text(), "the plan was not published")
    run.shot("plan-published")
    run.follow(run.driver.find_element(By.LINK_TEXT, "计划进度"))
    expect("各机构进度" in run.text() and run.driver.find_elements(By.CSS_SELECTOR, "svg.bar rect"), "no progress chart")
    expect(plan_page.removeprefix(run.base) in run.driver.page_source, "the progress view is not the plan's")
    small(run)
    run.shot("plan-progress")
    run.open(f"/plans/report?year={year}")
    expect("开放属性转换" in run.text() or "转换" in run.text(), "the report lists no conversions section")
    small(run)
    run.shot("plan-report")
    run.sign_out()


def adjust(run):
    run.sign_in(COMMITTEE)
    run.open("/assessments?year=2026&division=150000")
    computed = [a for a in run.driver.find_elements(By.CSS_SELECTOR, "main table a")
                if "已计算" in a.find_element(By.XPATH, "./ancestor::tr").text]
    expect(computed, "no computed assessment of the region")
    run.follow(computed[0])
    assessment = run.driver.current_url.split("?")[0].removeprefix(run.base)
    run.follow(run.driver.find_element(By.PARTIAL_LINK_TEXT, "共享答复与交付及时性"))
    expect('aria-sort="descending"' in run.driver.page_source, "the table is not sorted by the indicator")
    small(run)
    run.shot("scores-sorted")
    headers = run.driver.find_elements(By.CSS_SELECTOR, "table.scores thead th")
    column = next(index for index, header in enumerate(headers, start=1) if "共享答复与交付及时性" in header.text)
    cell = run.driver.find_element(By.CSS_SELECTOR, f"table.scores tbody tr:last-child td:nth-child({column}) a")
    run.follow(cell)
    expect("计算依据" in run.text(), "no drill-down")
    small(run)
    run.shot("score-drill-down")
    run.fill("adjusted", "66")
    run.fill("remark", REMARK)
    run.press("预览")
    preview = run.find(".remark.preview")
    expect("<script>alert(1)</script>" in preview.text, "the preview does not show the script as text")
    expect(not preview.find_elements(By.CSS_SELECTOR, "a[href^='javascript']"), "the preview keeps a javascript: link")
    run.shot("remark-preview")
    run.press("保存调整")
    expect("调整已保存" in run.text(), "the adjustment was not saved")
    run.shot("score-adjusted")
    run.sign_out()
    return assessment


def publish_and_report(run, assessment):
    run.sign_in(REGION_REVIEWER)
    run.open(assessment)
    run.press("发布评估结果")
    expect("评估结果已发布" in run.text(), "the assessment was not published")
    run.shot("assessment-published")
    run.sign_out()
    run.sign_in(COMMITTEE)
    run.open(assessment + "/report")
    report = run.find("article.report")
    expect("<script>alert(1)</script>" in report.text, "the report does not show the remark as text")
    expect(not report.find_elements(By.CSS_SELECTOR, "script, a[href^='javascript']"), "the remark is live in the report")
    remark = [p for p in report.find_elements(By.XPATH, ".//*[contains(text(), '复核后调整')]")]
    expect(remark, "the remark is not in the report")
    run.driver.execute_script("arguments[0].scrollIntoView()", remark[0])
    small(run)
    run.shot("report-remark-inert")
    run.open("/compliance-report?as_of=2026-06-30&division=150000")
    expect("下载 CSV 附录" in run.text(), "no compliance report")
    small(run)
    run.shot("compliance-report")
    run.open("/supervision/compliance?as_of=2026-06-30&article=A23.2")
    expect("合规情况" in run.text(), "no compliance view")
    small(run)
    run.shot("compliance-view")


def main(base, shots):
    run = Run("planner-committee", base, shots)
    try:
        plan(run)
        assessment = adjust(run)
        publish_and_report(run, assessment)
    finally:
        run.driver.quit()
    expect(not run.errors, "console errors:\n" + "\n".join(run.errors))
    print(f"browser test passed: {run.step} screenshots, no console errors")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
