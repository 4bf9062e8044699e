/** Texts of every key the keychain vault emits (`VaultError`s and the profile schemas' field issues). */
export default {
  vault: {
    keychainUnavailable:
      '无法访问系统钥匙串。连接密钥只保存在钥匙串中，因此本次操作未完成。请确认系统钥匙串（Windows 凭据管理器、macOS 钥匙串或 GNOME 密钥环）可用且已解锁，然后重试。',
    secretMissing: '连接配置“{name}”尚未填写 {secret}，请在连接设置中补全后重试。',
    notFound: '找不到该连接配置，它可能已被删除。',
    cannotDeleteSandbox: '内置的“沙箱（培训模式）”配置不能删除。',
    sandboxReadOnly: '内置的“沙箱（培训模式）”配置不能修改。',
    duplicateName: '已存在名为“{name}”的连接配置，请换一个名称。',
    storageFailed: '无法保存连接配置，请检查磁盘空间和数据目录的写入权限。',
    appKeyRequired: '新建连接配置时必须填写 App Key。',
    gatewayRequired: '沙箱环境的连接配置必须填写网关地址。',
    sessionKeyConflict: '不能在填写新 SessionKey 的同时清除 SessionKey。',
    gatewayHttpsRequired: '正式环境的网关必须使用 https://。',
    gatewayNotTop:
      '这不是淘宝开放平台的网关（gw.api.taobao.com、eco.taobao.com、api.taobao.com、gw.api.tbsandbox.com）。如需使用其他地址，请勾选“自定义网关”并重新输入 App Secret。',
    customGatewayNeedsSecret: '自定义网关会收到已签名的请求：请重新输入 App Secret 以确认。',
    productionNeedsSecret: '正式环境的连接配置必须填写 App Secret。',
    gatewayChangeNeedsSecret: '网关地址已更改：请重新输入 App Secret，确认要把凭据发往新地址。',
  },
}
