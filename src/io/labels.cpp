#include "io/labels.hpp"

#include <algorithm>
#include <vector>

#include "core/units.hpp"

namespace duban {

namespace {

// Every user-facing text of the output, Chinese and English side by side.
constexpr Label k_labels[] = {
    Label{"col.id", "编号", "ID"},
    Label{"col.status", "状态", "Status"},
    Label{"col.light", "亮灯", "Light"},
    Label{"col.kind", "来源", "Kind"},
    Label{"col.title", "事项", "Title"},
    Label{"col.lead", "牵头单位", "Lead"},
    Label{"col.co", "配合单位", "Co-units"},
    Label{"col.owner", "责任人", "Owner"},
    Label{"col.due", "办结时限", "Due"},
    Label{"col.created", "立项日期", "Created"},
    Label{"col.ref", "文号", "Ref"},
    Label{"col.leader", "批示领导", "Leader"},
    Label{"col.cadence", "反馈要求", "Cadence"},
    Label{"col.escalation", "升级督办", "Escalation"},
    Label{"col.tags", "标签", "Tags"},
    Label{"col.milestones", "阶段目标", "Milestones"},
    Label{"col.log", "办理过程", "History"},
    Label{"col.listed", "挂牌督办", "Listed"},
    Label{"col.name", "名称", "Name"},
    Label{"col.short", "简称", "Short"},
    Label{"col.aliases", "别名", "Aliases"},
    Label{"col.unit_kind", "类型", "Type"},
    Label{"col.liaison", "联络员", "Liaison"},
    Label{"col.phone", "电话", "Phone"},
    Label{"col.unit", "单位", "Unit"},
    Label{"status.registered", "立项", "registered"},
    Label{"status.assigned", "已交办", "assigned"},
    Label{"status.active", "办理中", "active"},
    Label{"status.done", "已办结", "done"},
    Label{"status.suspended", "暂缓", "suspended"},
    Label{"status.cancelled", "撤销", "cancelled"},
    Label{"light.green", "绿灯", "green"},
    Label{"light.yellow", "黄灯", "yellow"},
    Label{"light.red", "红灯", "red"},
    Label{"log.assign", "交办", "assign"},
    Label{"log.progress", "反馈", "progress"},
    Label{"log.remind", "催办", "remind"},
    Label{"log.escalate", "升级", "escalate"},
    Label{"log.extend", "延期", "extend"},
    Label{"log.extend-request", "申请延期", "extension requested"},
    Label{"log.extend-refuse", "不予延期", "extension refused"},
    Label{"log.receipt", "签收", "signed for"},
    Label{"log.done", "办结", "done"},
    Label{"log.return", "退回", "return"},
    Label{"log.recheck", "回头看", "recheck"},
    Label{"log.suspend", "暂缓", "suspend"},
    Label{"log.cancel", "撤销", "cancel"},
    Label{"log.reopen", "重新办理", "reopen"},
    Label{"log.note", "备注", "note"},
    Label{"log.renumber", "改号", "renumber"},
    Label{"cadence.weekly", "每周", "weekly"},
    Label{"cadence.monthly", "每月", "monthly"},
    Label{"word.overdue_days", "超期 {} 天", "{} days overdue"},
    Label{"word.tasks", "共 {} 项", "{} tasks"},
    Label{"word.task", "共 {} 项", "{} task"},
    Label{"word.was", "原", "was"},
    Label{"word.extended", "延期 {} 次", "extended {} times"},
    Label{"word.reached", "完成", "reached"},
    Label{"word.by", "报送", "by"},
    Label{"word.units", "共 {} 个单位", "{} units"},
    Label{"word.yes", "是", "yes"},
    Label{"word.none", "无", "none"},
    Label{"punct.colon", "：", ":"},
    Label{"date.long", "{0}年{1}月{2}日", "{3}"},
    // The metrics of a report (SPEC §9) as column and card names.
    Label{"metric.total", "交办总数", "Total"},
    Label{"metric.new", "新增", "New"},
    Label{"metric.closed", "办结", "Closed"},
    Label{"metric.closed_on_time", "按时办结", "On time"},
    Label{"metric.closed_late", "超时办结", "Late"},
    Label{"metric.open", "在办", "Open"},
    Label{"metric.overdue", "超期未办结", "Overdue"},
    Label{"metric.completion_rate", "办结率", "Completion"},
    Label{"metric.on_time_rate", "按时办结率", "On-time rate"},
    Label{"metric.satisfaction_rate", "满意率", "Satisfaction"},
    // `report`: the bulletin (督查通报).
    Label{"report.title", "督查通报", "Supervision bulletin"},
    Label{"report.issue", "（第{}期）", " No. {}"},
    Label{"report.issue_html", "第{}期", "No. {}"},
    Label{"report.period", "{0}　统计期间：{1} 至 {2}", "{0}  period: {1} to {2}"},
    Label{"report.period_html", "统计期间 {0} 至 {1}", "Period {0} to {1}"},
    Label{"report.html_lang", "zh-CN", "en"},
    Label{"report.overview", "一、总体情况", "1. Overview"},
    Label{"report.by", "二、分{0}情况", "2. By {1}"},
    Label{"report.overdue", "三、超期事项", "3. Overdue at period end"},
    Label{"report.numbered", "{0}、{2}", "{1}. {2}"},
    Label{"report.flagged", "超时办结达到 {} 件的单位", "Units flagged for late closures"},
    Label{"report.leaders", "领导批示办理情况", "Instructions by leader"},
    Label{"report.satisfaction", "办理满意度", "Satisfaction"},
    Label{"report.scores", "单位得分", "Unit scores"},
    Label{"report.totals",
          "交办督办事项 {} 项，其中新增 {} 项；办结 {} 项（按时办结 {} 项，超时办结 {} 项），在办 "
          "{} 项，"
          "超期未办结 {} 项。办结率 {}，按时办结率 {}。{}",
          "{} tasks, {} new; {} closed ({} on time, {} late), {} open, {} overdue. Completion rate "
          "{}, "
          "on-time rate {}.{}"},
    Label{"report.totals_rated", "办结事项中 {0} 件有满意度评价，满意率 {1}。",
          " Satisfaction rate {1} ({0} rated)."},
    Label{"report.nothing_overdue", "无超期未办结事项。", "Nothing is overdue."},
    Label{"report.total_row", "合计", "Total"},
    Label{"report.unspecified", "（未指定）", "(none)"},
    Label{"report.bar", "办结率图示", "Completion bar"},
    Label{"report.chart", "各单位办结率", "Completion rate by group"},
    Label{"report.days_overdue", "超期天数", "Days overdue"},
    Label{"report.late_this_year", "本年超时办结", "Late closures this year"},
    Label{"report.satisfied", "满意", "Satisfied"},
    Label{"report.basically_satisfied", "基本满意", "Basically satisfied"},
    Label{"report.dissatisfied", "不满意", "Dissatisfied"},
    Label{"report.rated", "评价件数", "Rated"},
    Label{"report.satisfaction_rate", "满意率", "Satisfaction rate"},
    Label{"report.score", "得分", "Score"},
    Label{"report.late_closures", "超时办结", "Late closures"},
    Label{"report.escalation_levels", "升级督办合计", "Escalation levels"},
    // `report --format docx`: the bulletin (督查通报) as an official document.
    Label{"bulletin.title", "关于{}督查事项办理情况的通报", "Supervised items: {}"},
    Label{"bulletin.period.year", "{0}年", "{0}"},
    Label{"bulletin.period.quarter", "{0}年第{1}季度", "Q{2} {0}"},
    Label{"bulletin.period.month", "{0}年{1}月", "{0}-{2}"},
    Label{"bulletin.period.month_day", "{0}月{1}日", "{0}-{1}"},
    Label{"bulletin.period.day", "{0}日", "{0}"},
    Label{"bulletin.period.range", "{0}至{1}", "{0} to {1}"},
    Label{"bulletin.addressee", "各有关单位：", "To all units concerned:"},
    Label{"bulletin.opening",
          "为及时掌握督查事项办理进度，推动各项决策部署落地见效，现将{}督查事项办理情况通报如下：",
          "To keep track of supervised items and see decisions carried out, this bulletin "
          "reports how the supervised items stood in {}."},
    Label{"bulletin.overview", "总体情况", "Overview"},
    Label{"bulletin.totals",
          "截至{0}，纳入统计的督查事项共{1}项，其中本期新增{2}项；本期办结{3}项，其中按时办结{4}"
          "项、超时办结{5}项；在办{6}项，其中超期未办结{7}项。办结率{8}，按时办结率{9}。",
          "As of {0}, {1} supervised items were counted, {2} of them new in the period; {3} were "
          "closed ({4} on time, {5} late); {6} are open, {7} of them overdue. Completion rate {8}, "
          "on-time rate {9}."},
    Label{"bulletin.rated", "办结事项中{0}件有满意度评价，满意率{1}。",
          " Satisfaction rate {1} ({0} rated)."},
    Label{"bulletin.by", "各{0}办理情况", "By {1}"},
    Label{"bulletin.statistics", "办理情况统计", "Figures"},
    Label{"bulletin.by_intro", "各{0}督查事项办理情况如下：", "Supervised items by {1}:"},
    Label{"bulletin.chart", "各{0}办结及超期未办结事项", "Closed and overdue by {1}"},
    Label{"bulletin.flagged_unit", "{0}（{1}件）", "{0} ({1})"},
    Label{"bulletin.list_separator", "、", ", "},
    Label{"bulletin.flagged_text",
          "截至{0}，{1}本年度超时办结事项达到{2}件以上，予以通报批评。请上述单位认真查找原因，"
          "切实改进工作，确保督查事项按时办结。",
          "As of {0}, {1} closed {2} or more items late this year and are named here. They are "
          "asked to find the causes and to close their items on time."},
    Label{"bulletin.overdue", "逾期未办结事项", "Overdue items"},
    Label{"bulletin.overdue_intro", "截至{0}，逾期未办结事项共{1}项，具体如下：",
          "As of {0}, {1} items are overdue:"},
    Label{"bulletin.nothing_overdue", "截至{0}，无逾期未办结事项。",
          "As of {0}, nothing is overdue."},
    Label{"bulletin.next", "下一步要求", "Next steps"},
    Label{"bulletin.sub", "（{0}）{2}", "({1}) {2} "},
    Label{"bulletin.require1.head", "提高思想认识。", "Take ownership."},
    Label{"bulletin.require1.text",
          "各单位要充分认识督查督办工作的重要性，切实履行牵头责任，主要负责同志要亲自过问、"
          "靠前指挥，确保交办事项件件有着落、事事有回音。",
          "Each unit leads its items; its head follows them personally, so that every item "
          "assigned is settled and answered."},
    Label{"bulletin.require2.head", "加快办理进度。", "Speed up."},
    Label{"bulletin.require2.text",
          "对逾期未办结事项，责任单位要认真分析原因，制定整改措施，明确完成时限，尽快办结；"
          "对在办事项，要倒排工期、压实责任，确保按期办结。",
          "For overdue items the responsible unit finds the cause, sets measures and a date, and "
          "closes them soon; open items are scheduled back from their deadlines and closed on "
          "time."},
    Label{"bulletin.require3.head", "严格报送要求。", "Report as required."},
    Label{"bulletin.require3.text",
          "各单位要按照规定时限和要求报送办理进展，如实反映办理情况，不得迟报、漏报、瞒报；"
          "确需延期办理的，应当按程序提前申请。",
          "Units report progress on time and truthfully, without delay, omission or concealment; "
          "an extension is applied for in advance through the proper procedure."},
    Label{"bulletin.require4.head", "强化督查问责。", "Accountability."},
    Label{"bulletin.require4.text",
          "{0}将持续跟踪督办，对逾期未办结、敷衍应付的事项，视情采取升级督办、通报批评等措施，"
          "并纳入年度督查考核。",
          "{0} keeps following up; items left overdue or handled perfunctorily are escalated or "
          "named in a bulletin, and count in the annual assessment."},
    // `overdue`: the list.
    Label{"overdue.title", "{0} 超期督办清单（截至 {1}）", "{0}: overdue list as of {1}"},
    Label{"overdue.summary", "红灯 {} 项，黄灯 {} 项，报送超时 {} 项",
          "red {}, yellow {}, feedback late {}"},
    Label{"overdue.days", "超期天数", "Days"},
    Label{"overdue.workdays", "超期工作日", "Workdays"},
    Label{"overdue.last_feedback", "最近反馈", "Last feedback"},
    Label{"overdue.listed", "挂牌", "Listed"},
    Label{"overdue.notes", "备注", "Notes"},
    Label{"overdue.milestone_late", "阶段目标「{}」超期", "milestone '{}' late"},
    Label{"overdue.feedback_late", "报送超时", "feedback late"},
    Label{"overdue.escalation_due", "应升级为{}", "escalation due: {}"},
    Label{"overdue.note_separator", "；", "; "},
    // `overdue`: what the office waits for from the units (SPEC §15).
    Label{"overdue.requests", "待审批延期申请", "Pending extension requests"},
    Label{"overdue.request_by", "申请单位", "Requested by"},
    Label{"overdue.request_to", "申请延期至", "Extend to"},
    Label{"overdue.request_date", "申请日期", "Requested on"},
    Label{"overdue.request_reason", "延期理由", "Reason"},
    Label{"overdue.unsigned", "逾期未签收通知", "Notices not signed for"},
    Label{"overdue.notice_sent", "催办日期", "Sent"},
    Label{"overdue.notice_reply_by", "签收期限", "Reply by"},
    // `list` and `show`: a unit's request waiting for the office's answer.
    Label{"list.extension_requested", "申请延期至 {}", "extension requested to {}"},
    Label{"show.extension_request", "延期申请", "Extension request"},
    Label{"show.extension_request_text", "{0} 于 {2} 申请延期至 {1}", "{0} asked on {2} for {1}"},
    // `remind`: the notice (督查催办通知单).
    Label{"notice.title", "督查催办通知单", "Reminder notice"},
    Label{"notice.intro",
          "截至{0}，你单位{1}"
          "的下列督办事项已超过办结时限、临近办结时限或未按要求报送进展，现予催办{2}：",
          "As of {0}, the following supervised items {1} your unit are overdue, due soon, or "
          "missing a progress "
          "report{2}:"},
    Label{"notice.leads", "牵头办理", "led by"},
    Label{"notice.co_operates", "配合办理", "with"},
    Label{"notice.leads_or_co_operates", "牵头或配合办理", "led by or with"},
    Label{"notice.co_hint", "；标注“配合”的事项，请配合牵头单位抓紧办理",
          "; on those marked (co-unit), please support the lead unit"},
    Label{"notice.co_mark", "（配合）", " (co-unit)"},
    Label{"notice.milestone", "阶段目标「{}」", "milestone '{}' "},
    Label{"notice.overdue", "{0}已超期 {1} 天（{2} 个工作日）",
          "{0}{1} days overdue ({2} working days)"},
    Label{"notice.due_today", "{}今日到期", "{}due today"},
    Label{"notice.due_on", "{0}将于 {1} 到期", "{0}due on {1}"},
    Label{"notice.feedback_missing", "未按要求报送进展", "progress report missing"},
    Label{"notice.state_separator", "，", ", "},
    Label{"notice.lead", "牵头单位：{}；", "lead: {}; "},
    Label{"notice.details", "{0}来源：{1}；办结时限：{2}；{3}；升级督办：{4}；最近反馈：{5}",
          "{0}kind: {1}; due: {2}; {3}; escalation: {4}; last feedback: {5}"},
    Label{"notice.liaison", "联络员：{}", "Liaison: {}"},
    Label{"notice.phone", "联系电话：{}", "Phone: {}"},
    Label{"notice.contact_separator", "　", "  "},
    Label{"notice.closing", "请于{0}前将办理情况及下一步措施书面报送{1}。",
          "Please report the state of each item and the next steps to {1} by {0}."},
    // `remind --format docx|pdf`: the notice as an official document.
    Label{"docx.col.required", "办理要求", "Required"},
    Label{"docx.required_default", "请抓紧办理，按时报送办理情况", "Complete it and report on it"},
    Label{"docx.receipt", "签收回执", "Receipt"},
    Label{"docx.receipt_note", "（{0}，请沿虚线剪下，签收后于{1}前交回{2}）",
          "({0}: cut along the line, sign, and return to {2} by {1})"},
    Label{"docx.receipt.unit", "单位", "Unit"},
    Label{"docx.receipt.signer", "签收人", "Signed by"},
    Label{"docx.receipt.date", "签收日期", "Date"},
    Label{"docx.receipt.phone", "联系电话", "Phone"},
    // `show`: the timeline.
    Label{"timeline.co", "配合 {}", "with {}"},
    Label{"timeline.owner", "责任人 {}", "owner {}"},
    Label{"timeline.co_unit", "（配合）", "(co-unit)"},
    // `export --format csv`: the columns import reads back.
    Label{"export.id", "编号", "id"},
    Label{"export.title", "事项名称", "title"},
    Label{"export.content", "具体要求", "content"},
    Label{"export.kind", "来源", "kind"},
    Label{"export.ref", "文号", "ref"},
    Label{"export.leader", "批示领导", "leader"},
    Label{"export.listed", "挂牌督办", "listed"},
    Label{"export.lead", "牵头单位", "lead"},
    Label{"export.co", "配合单位", "co"},
    Label{"export.owner", "责任人", "owner"},
    Label{"export.created", "立项日期", "created"},
    Label{"export.due", "办结时限", "due"},
    Label{"export.cadence", "反馈要求", "cadence"},
    Label{"export.status", "状态", "status"},
    Label{"export.escalation", "升级督办", "escalation"},
    Label{"export.tags", "标签", "tags"},
    Label{"export.closed", "办结日期", "closed"},
    Label{"export.result", "办理结果", "result"},
    Label{"export.rating", "满意度", "rating"},
    Label{"export.progress", "进展情况", "progress"},
    Label{"export.progress_date", "进展日期", "progress_date"},
    Label{"export.uid", "uid", "uid"},
    // Sheets of --format xlsx: their tab names and title lines.
    Label{"ledger.sheet", "台账", "Ledger"},
    Label{"ledger.title", "{0} 督查事项台账（截至{1}）", "{0}: task ledger as of {1}"},
    Label{"list.sheet", "事项清单", "Tasks"},
    Label{"list.title", "{0} 督查事项清单（截至{1}）", "{0}: tasks as of {1}"},
    Label{"overdue.sheet", "超期督办清单", "Overdue"},
    Label{"report.sheet", "统计", "Report"},
    // Warnings.
    Label{"warn.fixed_rest_day", "截止日期 {} 为休息日：指定的日期不顺延，仍以该日为准",
          "the deadline {} falls on a rest day: a fixed date is kept, not moved"},
    // Chinese names of machine keys that are no table column (`--headers zh`).
    Label{"field.days_overdue", "超期天数", "days_overdue"},
    Label{"field.workdays_overdue", "超期工作日", "workdays_overdue"},
    Label{"field.feedback_late", "报送超时", "feedback_late"},
    Label{"field.last_progress", "最近反馈", "last_progress"},
    Label{"field.escalation_due", "应升级", "escalation_due"},
    Label{"field.unit", "单位", "unit"},
    Label{"field.total", "交办总数", "total"},
    Label{"field.new", "新增", "new"},
    Label{"field.closed", "办结", "closed"},
    Label{"field.closed_on_time", "按时办结", "closed_on_time"},
    Label{"field.closed_late", "超时办结", "closed_late"},
    Label{"field.open", "在办", "open"},
    Label{"field.overdue", "超期未办结", "overdue"},
    Label{"field.completion_rate", "办结率", "completion_rate"},
    Label{"field.on_time_rate", "按时办结率", "on_time_rate"},
    Label{"field.rated", "评价数", "rated"},
    Label{"field.satisfied", "满意", "satisfied"},
    Label{"field.basically_satisfied", "基本满意", "basically_satisfied"},
    Label{"field.dissatisfied", "不满意", "dissatisfied"},
    Label{"field.satisfaction_rate", "满意率", "satisfaction_rate"},
};

std::string_view text_in(const Label& l, Lang lang) {
  switch (lang) {
    case Lang::zh:
      return l.zh;
    case Lang::en:
      return l.en;
  }
  return l.zh;
}

// The labels sorted by key, for lookups by binary search.
const std::vector<const Label*>& sorted_labels() {
  static const std::vector<const Label*> sorted = [] {
    std::vector<const Label*> out;
    for (const Label& l : k_labels) {
      out.push_back(&l);
    }
    std::sort(out.begin(), out.end(),
              [](const Label* a, const Label* b) { return a->key < b->key; });
    return out;
  }();
  return sorted;
}

}  // namespace

std::span<const Label> all_labels() {
  return k_labels;
}

std::string_view label(std::string_view key, Lang lang) {
  const std::vector<const Label*>& sorted = sorted_labels();
  auto it = std::lower_bound(sorted.begin(), sorted.end(), key,
                             [](const Label* l, std::string_view k) { return l->key < k; });
  return it != sorted.end() && (*it)->key == key ? text_in(**it, lang) : key;
}

std::vector<std::string> labels_of(std::initializer_list<std::string_view> keys, Lang lang) {
  std::vector<std::string> out;
  for (std::string_view key : keys) {
    out.emplace_back(label(key, lang));
  }
  return out;
}

std::string_view field_label(std::string_view key, Lang lang) {
  if (lang == Lang::en) {
    return key;
  }
  for (const char* prefix : {"field.", "col."}) {
    const std::string full = std::string(prefix).append(key);
    if (std::string_view found = label(full, lang); found != full) {
      return found;
    }
  }
  return key;
}

std::string_view status_label(Status s, Lang lang) {
  return label(std::string("status.").append(to_string(s)), lang);
}

std::string_view light_label(Light l, Lang lang) {
  if (l == Light::none) {
    return "";
  }
  return label(std::string("light.").append(to_string(l)), lang);
}

std::string_view log_type_label(std::string_view type, Lang lang) {
  std::string key = std::string("log.").append(type);
  std::string_view found = label(key, lang);
  return found == key ? type : found;
}

std::string unit_kind_label(std::string_view kind, Lang lang) {
  // The Chinese names live with the unit directory, which also reads them as input.
  return lang == Lang::en ? std::string(kind) : unit_kind_label_zh(kind);
}

std::string long_date(Date d, Lang lang) {
  return format_label("date.long", lang, d.year(), d.month(), d.day(), d.iso());
}

}  // namespace duban
