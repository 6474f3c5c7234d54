import Postgres
import RegistryCore
/// RP.4 (demo data): the departments of a realistic demo registry for Inner Mongolia, each with the category of its
/// data, the law it collects under, and the topics its catalog items are about.
struct DemoDepartment {
    /// The name at league/city level (…局); `regionName` at the region (…厅 where the region's department is one).
    let name: String
    let regionName: String
    let category: String
    let law: String
    let topics: [String]
    /// Data items every item of the department carries besides the topic's own.
    let fields: [String]
}

enum DemoVocabulary {
    static let departments: [DemoDepartment] = [
        DemoDepartment(
            name: "卫生健康委员会",
            regionName: "卫生健康委员会",
            category: "livelihood.health",
            law: "《中华人民共和国基本医疗卫生与健康促进法》",
            topics: ["医疗机构执业", "医师执业注册", "护士执业注册", "出生医学证明", "预防接种", "传染病报告", "家庭医生签约", "基本公共卫生服务", "母婴保健", "职业健康检查"],
            fields: ["机构名称", "统一社会信用代码", "执业地址", "登记日期"]
        ),
        DemoDepartment(
            name: "教育局",
            regionName: "教育厅",
            category: "livelihood.education",
            law: "《中华人民共和国教育法》",
            topics: ["中小学校", "学籍", "教师资格", "学生资助", "民办学校办学许可", "校外培训机构", "幼儿园", "中等职业学校", "招生录取", "学校安全"],
            fields: ["学校名称", "办学地址", "办学层次", "审批日期"]
        ),
        DemoDepartment(
            name: "民政局",
            regionName: "民政厅",
            category: "livelihood.civil_affairs",
            law: "《社会救助暂行办法》",
            topics: ["婚姻登记", "社会组织登记", "最低生活保障", "特困人员供养", "养老机构", "殡葬服务机构", "慈善组织", "地名", "农村留守儿童", "临时救助"],
            fields: ["行政区划", "办理机关", "办理日期", "救助类别"]
        ),
        DemoDepartment(
            name: "人力资源和社会保障局",
            regionName: "人力资源和社会保障厅",
            category: "livelihood.social_security",
            law: "《中华人民共和国社会保险法》",
            topics: ["养老保险参保", "失业保险", "工伤认定", "职业技能等级证书", "就业登记", "人力资源服务机构", "劳动保障监察", "社会保障卡", "专业技术职称", "创业担保贷款"],
            fields: ["参保单位", "参保类别", "缴费基数", "办理日期"]
        ),
        DemoDepartment(
            name: "自然资源局",
            regionName: "自然资源厅",
            category: "environment.natural_resources",
            law: "《中华人民共和国土地管理法》",
            topics: ["不动产登记", "国有建设用地使用权出让", "土地利用现状", "矿业权", "测绘资质", "地质灾害隐患点", "基本农田保护", "国土空间规划", "耕地占补平衡", "草原确权"],
            fields: ["宗地编码", "坐落", "面积(平方米)", "权利类型"]
        ),
        DemoDepartment(
            name: "生态环境局",
            regionName: "生态环境厅",
            category: "environment.ecology",
            law: "《中华人民共和国环境保护法》",
            topics: ["排污许可", "环境影响评价审批", "空气质量监测", "地表水水质", "重点排污单位", "环境行政处罚", "固体废物", "辐射安全许可", "饮用水水源地", "生态保护红线"],
            fields: ["单位名称", "监测点位", "监测日期", "指标值"]
        ),
        DemoDepartment(
            name: "交通运输局",
            regionName: "交通运输厅",
            category: "transport.road",
            law: "《中华人民共和国道路运输条例》",
            topics: ["道路运输经营许可", "道路运输车辆", "从业人员资格", "公路路网", "公交线路", "出租汽车", "驾驶员培训机构", "超限运输许可", "航道", "物流园区"],
            fields: ["经营者名称", "许可证号", "有效期", "经营范围"]
        ),
        DemoDepartment(
            name: "农牧局",
            regionName: "农牧厅",
            category: "economy.agriculture",
            law: "《中华人民共和国农业法》",
            topics: ["农牧民专业合作社", "草畜平衡", "牲畜存栏", "农作物种植面积", "兽药经营许可", "动物防疫", "农机购置补贴", "高标准农田", "家庭农牧场", "种子生产经营许可"],
            fields: ["主体名称", "所在嘎查村", "规模", "统计日期"]
        ),
        DemoDepartment(
            name: "市场监督管理局",
            regionName: "市场监督管理局",
            category: "economy.market",
            law: "《中华人民共和国市场主体登记管理条例》",
            topics: ["市场主体登记", "食品经营许可", "特种设备", "计量器具检定", "产品质量抽检", "行政处罚", "经营异常名录", "商标", "药品零售许可", "企业年报"],
            fields: ["主体名称", "统一社会信用代码", "登记机关", "登记日期"]
        ),
    ]

    /// Kinds of item made from a topic.
    static let suffixes = ["信息", "名录", "统计数据"]
}
