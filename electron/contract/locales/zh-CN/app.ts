/** The app's frame: its name, the navigation, the language menu, IPC failures and common buttons. */
export default {
  app: {
    name: '券台',
    fullName: '券台 Coupon Desk',
    tagline: '门店核销与券模板工具',
  },
  nav: {
    redeem: '核销',
    history: '核销记录',
    report: '对账',
    templates: '券模板',
    settings: '设置',
  },
  language: {
    label: '语言',
    'zh-CN': '中文',
    en: 'English',
  },
  ipc: {
    invalidInput: '输入有误，请检查标出的字段',
    invalidOutput: '程序内部数据不一致，请联系技术支持',
    forbidden: '该请求来源不受信任，已拒绝',
    unknownChannel: '未知的请求：{channel}',
    internal: '发生内部错误，操作未完成，数据未丢失',
  },
  common: {
    ok: '确定',
    cancel: '取消',
    save: '保存',
    delete: '删除',
    loading: '加载中…',
    retry: '重试',
    unlimited: '不限',
    none: '无',
    yes: '是',
    no: '否',
  },
}
