#include "io/labels.hpp"

#include <array>

namespace duban {

namespace {

struct Label {
  std::string_view key;
  std::string_view zh;
  std::string_view en;
};

constexpr std::array k_labels = {
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
    Label{"status.registered", "立项", "registered"},
    Label{"status.assigned", "已交办", "assigned"},
    Label{"status.active", "办理中", "active"},
    Label{"status.done", "已办结", "done"},
    Label{"status.suspended", "暂缓", "suspended"},
    Label{"status.cancelled", "撤销", "cancelled"},
    Label{"light.none", "", ""},
    Label{"light.green", "绿灯", "green"},
    Label{"light.yellow", "黄灯", "yellow"},
    Label{"light.red", "红灯", "red"},
    Label{"log.assign", "交办", "assign"},
    Label{"log.progress", "反馈", "progress"},
    Label{"log.remind", "催办", "remind"},
    Label{"log.escalate", "升级", "escalate"},
    Label{"log.extend", "延期", "extend"},
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

}  // namespace

std::string_view label(std::string_view key, Lang lang) {
  for (const Label& l : k_labels) {
    if (l.key == key) {
      return lang == Lang::zh ? l.zh : l.en;
    }
  }
  return key;
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
  return label(std::string("light.").append(to_string(l)), lang);
}

std::string_view log_type_label(std::string_view type, Lang lang) {
  std::string key = std::string("log.").append(type);
  std::string_view found = label(key, lang);
  return found == key ? type : found;
}

}  // namespace duban
