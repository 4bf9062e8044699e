import { exposeApi } from './expose'

exposeApi()
