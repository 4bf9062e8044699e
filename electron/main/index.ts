import { main } from './lifecycle'

main()
