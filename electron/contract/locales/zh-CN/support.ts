export default {
  support: {
    title: '支持与更新',
    version: '版本',
    updates: '自动更新',
    logs: '日志位置',
    export: '导出支持包',
    exportHint: '支持包含日志、版本、连接类型与网关主机、核销与待发送的统计和最近的错误，不含任何密钥。',
    exported: '支持包已保存：{path}',
    badgeReady: '新版本 {version} 已下载，退出时安装',
    state: {
      off: '此版本不自动更新',
      idle: '已是最新版本',
      idleChecked: '已是最新版本（{at} 检查）',
      checking: '正在检查更新…',
      downloading: '正在后台下载 {version}（{percent}%）',
      ready: '{version} 已下载，退出程序时安装',
      readyWaiting: '{version} 已下载；还有{work}，本次退出不安装',
      error: '检查更新失败，明天会再试',
    },
    work: { redemption: '核销在进行', outbox: '券模板待发送' },
  },
}
