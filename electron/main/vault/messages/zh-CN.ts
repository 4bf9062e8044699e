import type { VaultMessages } from '../message-keys'

/** 简体中文：柜台上的默认语言。 */
export const vaultMessagesZhCN = {
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
  },
} satisfies VaultMessages
